"""Labelled caller sentences for the emergency reader, written for this project.

EMERGENCIES: (text, expected line, expected hazard code) — each must be handed over.
NEAR_MISSES: (text, expected urgency) — each must NOT be handed over.
Kept apart from the tests so the recall/false-alarm report (tests/listen/report_emergency.py)
measures the same set.
"""

from __future__ import annotations

EMERGENCIES: list[tuple[str, str, str]] = [
    # fire and smoke
    ("喂，我家厨房着火了，火很大，快来人！", "119", "fire"),
    ("楼下那家店烧起来了，火苗都窜到二楼了", "119", "fire"),
    ("我们楼道里全是烟，看不清楼梯，怎么办", "119", "fire"),
    ("隔壁房间一直在冒烟，敲门没人开", "119", "fire"),
    ("我闻到很重的焦味，好像是配电房那边传过来的", "119", "fire"),
    ("电动车在楼道里充电，电池炸了，现在在烧", "119", "fire"),
    ("小区对面的仓库起火了，浓烟滚滚", "119", "fire"),
    ("楼上阳台有火光，还有东西往下掉", "119", "fire"),
    # gas
    ("我进门就闻到一股很浓的煤气味，燃气味很重", "96777", "gas_leak"),
    ("楼道里天然气味特别大，好像是哪家漏气了", "96777", "gas_leak"),
    ("家里液化气罐漏了，嘶嘶的响", "96777", "gas_leak"),
    ("路边施工把燃气管道挖断了，一直在往外冒气", "96777", "gas_leak"),
    # suicide and self-harm, including indirect phrasing
    ("我真的不想活了", "110", "suicide_risk"),
    ("活着没意思，什么都没了", "110", "suicide_risk"),
    ("我现在就站在楼顶，想从楼上跳下去", "110", "suicide_risk"),
    ("药我已经攒够了，准备吃安眠药，跟你们说一声", "110", "suicide_risk"),
    ("这是我最后一次打电话了，以后不会再麻烦你们了", "110", "suicide_risk"),
    ("我已经把后事都交代好了，钱留给我女儿", "110", "suicide_risk"),
    ("工资再不给我，我就一了百了", "110", "suicide_risk"),
    ("我老婆说她活不下去了，把自己锁在卫生间里", "110", "suicide_risk"),
    ("我儿子在朋友圈发了遗书，现在联系不上", "110", "suicide_risk"),
    ("她说要去跳河，我拦不住", "110", "suicide_risk"),
    ("如果今天还不解决，我就死在你们门口，死了算了", "110", "suicide_risk"),
    ("我喝了农药了", "110", "suicide_risk"),
    ("我真的撑不下去了，想死", "110", "suicide_risk"),
    # medical collapse
    ("我爸突然晕倒了，叫不醒", "120", "medical_emergency"),
    ("老人在卫生间摔倒起不来了，一直在喊疼", "120", "medical_emergency"),
    ("孩子发高烧，现在在抽搐，口吐白沫", "120", "medical_emergency"),
    ("我妈心脏病犯了，脸色发紫", "120", "medical_emergency"),
    ("路边有个人倒在地上，没有呼吸了", "120", "medical_emergency"),
    ("工地上有工人被钢筋划到，大出血", "120", "medical_emergency"),
    ("我老婆羊水破了，快生了，叫不到车", "120", "medical_emergency"),
    ("公司食堂吃完饭，很多人上吐下泻", "120", "medical_emergency"),
    ("我爷爷喘不上气，嘴唇发紫", "120", "medical_emergency"),
    ("有人触电了，倒在配电箱旁边", "120", "medical_emergency"),
    # carbon monoxide
    ("我们在屋里烧炭取暖，现在大家都头晕恶心", "120", "carbon_monoxide"),
    ("洗澡的时候燃气热水器开着，我女儿晕过去了", "120", "carbon_monoxide"),
    ("邻居好像煤气中毒了", "120", "carbon_monoxide"),
    # live wires
    ("我们村口的电线掉下来了，就在路上", "95598", "live_wire"),
    ("大风把电线杆刮倒了，电线都落地了", "95598", "live_wire"),
    ("路灯下面的电箱在冒火花，小孩子在旁边玩", "95598", "live_wire"),
    ("下雨后小区铁门漏电，刚才有人被麻了一下", "95598", "live_wire"),
    # crimes in progress
    ("小区门口有人在打人，好几个人围着一个打", "110", "crime_in_progress"),
    ("有人正在撬我家门，我躲在屋里不敢出声", "110", "crime_in_progress"),
    ("楼下有个男的拿着刀在追人", "110", "crime_in_progress"),
    ("我刚被抢劫了，人还没跑远", "110", "crime_in_progress"),
    ("我老公又在打我了，孩子在哭", "110", "crime_in_progress"),
    ("隔壁家暴正在发生，女的一直在喊救命", "110", "crime_in_progress"),
    ("我孩子在商场被人抱走了", "110", "missing_person"),
    ("我家老人有老年痴呆，早上出门走丢了", "110", "missing_person"),
    ("他说要杀了我，现在就在楼下", "110", "violent_threat"),
    ("对方冒充公安让我把钱转到安全账户", "110", "fraud_in_progress"),
    # traffic accidents
    ("前面路口撞车了，有人受伤流血", "122", "traffic_accident"),
    ("我被电动车撞了，腿动不了", "122", "traffic_accident"),
    ("高架上三辆车连环撞，堵死了", "122", "traffic_accident"),
    ("一辆货车把骑车的老人撞倒了，司机跑了", "122", "traffic_accident"),
    # trapped, flooding, collapse, drowning, chemicals
    ("我们被困在电梯里了，电梯停在两层中间", "119", "trapped"),
    ("电梯里关着一个小孩，出不来了", "119", "trapped"),
    ("暴雨，水淹进屋里了，老人走不了", "119", "trapped"),
    ("我们村被洪水围住了，出不去", "119", "trapped"),
    ("旁边的老房子塌了，好像压住了人", "119", "building_collapse"),
    ("工地脚手架倒了，下面有工人", "119", "building_collapse"),
    ("河边有个小孩落水了", "110", "drowning"),
    ("有人掉进池塘里了，在水里挣扎", "110", "drowning"),
    ("化工厂那边泄漏了，好多人头晕", "119", "dangerous_chemicals"),
    ("高速上一辆槽罐车侧翻泄漏了", "119", "dangerous_chemicals"),
    # others
    ("楼下独居的王奶奶好几天没出门了，敲门没人应", "110", "welfare_check"),
    ("家里停电了，我爸靠呼吸机呼吸", "120", "life_support_power"),
    ("救命！快来救救我", "110", "cry_for_help"),
]

NEAR_MISSES: list[tuple[str, str]] = [
    # past or resolved
    ("我们楼去年着过火，现在消防通道又被堵了", "urgent"),
    ("以前这个小区着过火，我想问问现在的消防设施有没有检查", "normal"),
    ("上个月家里漏过一次水，物业到现在还没给说法", "normal"),
    ("前年我妈晕倒过一次，想问一下这种慢性病的医保报销政策", "normal"),
    ("昨天小区里着火了，火已经灭了，想反映一下消防通道的问题", "urgent"),
    ("去年出过车祸，现在想咨询一下赔偿的事", "normal"),
    # calm topics
    ("我想咨询燃气安全检查是怎么收费的", "normal"),
    ("燃气费怎么交？", "normal"),
    ("请问燃气开户需要带什么材料", "normal"),
    ("我想了解一下电动车着火的预防知识", "normal"),
    ("小区什么时候组织消防演练", "normal"),
    ("孩子学校有没有防溺水的安全课", "normal"),
    ("问一下心脏病的门诊报销比例", "normal"),
    # negation
    ("没有着火，就是楼道里堆了很多纸箱", "urgent"),
    ("不是漏气，是燃气表走得太快了，我怀疑表有问题", "normal"),
    ("我没闻到煤气味，就是想问一下燃气报警器要不要换", "normal"),
    ("没有人受伤，就是两辆车刮了一下，对方不肯赔", "normal"),
    # figurative speech
    ("楼上装修吵得我想死", "normal"),
    ("天太热了，热得想死", "normal"),
    ("我气得头顶冒烟，你们到底管不管", "normal"),
    ("房贷压得我喘不过气，物业费还要涨", "normal"),
    ("你们这些不作为的都去死吧", "normal"),
    ("这家店打出跳楼价的广告，其实是虚假宣传", "normal"),
    ("他这是把我的救命钱都骗走了", "normal"),
    ("这个系统又抽风了，登不上去", "normal"),
    ("这是我最后一次打电话反映，再不解决我就找媒体曝光", "urgent"),
    # pollution, not fire
    ("楼下烧烤店油烟很大，每天熏得不行", "normal"),
    ("工厂烟囱每天冒黑烟，空气很差", "normal"),
    ("有人在小区里烧垃圾，烟很大很呛", "normal"),
    # objects that leak but are not gas
    ("我电动车轮胎漏气了，附近哪里能补", "normal"),
    ("暖气片漏气，屋里不热", "normal"),
    ("漏电保护器老是跳闸，想找电工", "normal"),
    # urgent hazards, not yet emergencies
    ("小区消防通道被私家车堵死了", "urgent"),
    ("路边那棵大树歪了，感觉快倒了", "urgent"),
    ("人行道上的井盖丢了，晚上很危险", "urgent"),
    ("我们家停水两天了，家里有老人", "urgent"),
    ("电梯坏了三天了，没人修", "urgent"),
    ("马上过年了，老板还拖欠我们工资，回不了家", "urgent"),
    ("楼道里电动车充电，万一着火了怎么办", "urgent"),
    ("外墙瓷砖松动了，随时可能掉下来", "urgent"),
    ("楼上有人高空抛物，差点砸到人", "urgent"),
    ("路口的红绿灯坏了两天了", "urgent"),
    # ordinary matters
    ("小区垃圾没人清理，臭气熏天", "normal"),
    ("我想投诉28路公交车司机态度差", "normal"),
    ("邻居家的狗天天叫，吵得睡不着", "normal"),
    ("我想表扬一下社区的网格员，很负责", "normal"),
    ("请问公积金怎么提取", "normal"),
    ("我在电视上看到有人跳河被救了，想建议河边多装点护栏", "urgent"),
]
