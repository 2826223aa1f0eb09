"""Settings, read from `HOTLINE_*` environment variables (and an optional `.env`).

Every setting is declared here with its default and meaning; an unknown `HOTLINE_*`
variable stops start-up with a hint rather than being silently ignored.
"""

from __future__ import annotations

import difflib
import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from hotline.errors import HotlineError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOTLINE_", extra="ignore")

    home_province: str = Field("浙江省", description="中心所在省份；只说区名、街道名时优先在此解析")
    home_city: str = Field("杭州市", description="中心所在城市")
    data_dir: Path = Field(Path("var"), description="运行数据目录：SQLite 文件、管理员载入的节假日安排等")
    database_url: str = Field("", description="数据库地址；为空时使用 data_dir 下的 SQLite 文件")
    time_limits: Path | None = Field(None, description="时限目录 YAML；为空时用内置默认方案")
    catalogue_dir: Path | None = Field(None, description="承办单位与权责清单目录；为空时用内置示范城市")
    kb_dir: Path | None = Field(None, description="知识库文章目录；为空时用内置样例知识库")
    max_text_chars: int = Field(20000, description="单条来电文本的最大字符数")
    feedback_hour: int = Field(12, description="承诺回电的钟点（如 12 表示当天中午 12 点前）")
    anger_escalation: float = Field(0.75, description="愤怒强度达到此值时建议升级到值班长")
    repeat_escalation: int = Field(2, description="同一事项重复来电达到此次数时升级到值班长")
    route_min_confidence: float = Field(0.55, description="派单置信度低于此值时转业务专家复核")
    returns_escalation: int = Field(2, description="工单被退回达到此次数时转业务专家")
    secret_key: str = Field("", description="会话签名密钥；为空时在 data_dir 中生成并保存")
    sms_gateway_url: str = Field("", description="短信网关 HTTP 地址；为空时只存入发件箱")
    rate_weights: str = Field(
        "response=0.3,resolution=0.35,satisfaction=0.35", description="三率综合得分权重"
    )

    def database(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'hotline.db').as_posix()}"


def check_environment(environ: dict[str, str] | None = None) -> None:
    """Refuse unknown HOTLINE_* variables: a typo must not silently fall back to a default."""
    env = os.environ if environ is None else environ
    known = {f"HOTLINE_{name.upper()}" for name in Settings.model_fields}
    known |= {"HOTLINE_TEST_POSTGRES_URL", "HOTLINE_BROWSER", "HOTLINE_SHARED_DATA"}
    for key in env:
        if key.startswith("HOTLINE_") and key not in known:
            hint = difflib.get_close_matches(key, sorted(known), n=1)
            extra = f"，是否想写 {hint[0]}？" if hint else ""
            raise HotlineError("unknown_setting", f"未知的配置项 {key}{extra}")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    check_environment()
    return Settings()
