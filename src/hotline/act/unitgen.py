"""Write the local-government units (区县政府, 街道办事处, 乡镇政府) from the home city's gazetteer.

Run `python -m hotline.act.unitgen > src/hotline/data/catalogue/units-local.yaml` after the
gazetteer changes; a test checks that every street in the gazetteer has its unit.
"""

from __future__ import annotations

import sys

from hotline.act.places import Gazetteer, home_gazetteer


def local_unit_name(street: str) -> str:
    """街道 → 街道办事处; 镇/乡 → 人民政府 (the office that answers for the area)."""
    return f"{street}办事处" if street.endswith("街道") else f"{street}人民政府"


def render_local_units(gz: Gazetteer) -> str:
    lines = [
        f"# {gz.city}的区县政府和街道办事处/乡镇人民政府（由 hotline.act.unitgen 按行政区划文件生成）。",
        "# 属地派单以这里的 district / street 字段为准：街道或乡镇确定时由其主办，只知区县时由区县政府主办。",
        "units:",
    ]
    for district, code in gz.districts.items():
        dcode = f"d{code}"
        lines.append("")
        lines.append(
            f"  - {{code: {dcode}, name: {district}人民政府, kind: district, parent: hz, district: {district}}}"
        )
        for street in gz.streets[district]:
            lines.append(
                f"  - {{code: {code}.{street}, name: {local_unit_name(street)}, kind: street, "
                f"parent: {dcode}, street: {street}}}"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    gz = home_gazetteer(sys.argv[1] if len(sys.argv) > 1 else "杭州市")
    if gz is None:
        raise SystemExit("没有找到该城市的行政区划文件")
    sys.stdout.write(render_local_units(gz))


if __name__ == "__main__":
    main()
