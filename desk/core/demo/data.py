"""The word lists and tables the demo shop's people, places and orders are made of.

Everything here is plain data: Chinese names, real province → city → district triples with
postcodes, couriers, memo and note texts (the product catalogue is in `catalogue.py`). Nothing is
random here; the demo draws from these lists with its own seeded `random.Random`.
"""

from __future__ import annotations

# --- the shop ----------------------------------------------------------------------------------

#: The couple: the wife works the day shift (白班), the husband the evening shift (晚班).
STAFF = ("陈静", "王磊")
SHOP_NAME = "静姐小衣橱"
SENDER_NAME = "陈静"
SENDER_PHONE = "13957112345"
SENDER_ADDRESS = "浙江省杭州市余杭区五常街道文一西路998号海创园5幢102室"

# --- people ------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "慕容")
GIVEN_CHARS = (
    "芳娜敏静丽艳娟霞秀玲婷雪慧颖琳欣怡佳悦晶倩萍红梅兰凤洁琴云莉燕婧瑶璐思雨涵梓诗可心子嘉文晓"
    "小美月春桂英华平伟强磊军洋勇杰涛明超斌鹏浩宇辉建国峰博玥珺堃赟"
)
#: Names with characters outside the common set (𠮷 is outside the BMP, 䶮 in CJK Extension A).
#: The demo puts one of them at fixed places so every demo has some (labels must print them).
RARE_NAMES = ("𠮷祥云", "张喆", "刘䶮", "王𠮷", "陶喆瑞", "李䶮婷", "𠮷雪", "周喆")

NICK_WORDS = (
    "小鱼儿", "爱吃鱼的猫", "快乐小兔", "晴天娃娃", "糖果屋", "木子李", "橙子味的夏天", "小蘑菇",
    "胖丁", "一颗柠檬", "草莓酱", "喵小姐", "阿狸", "云朵朵", "奶茶妹", "向日葵", "小太阳", "栗子",
    "椰子鸡", "桃桃乌龙", "大白兔", "安静的风", "西瓜太郎", "米粒儿",
)
NICK_LATIN = (
    "lily", "amy", "coco", "xiaomei", "momo", "jenny", "yoyo", "candy", "tina", "nana", "kiki",
    "sunny", "vivi", "lucky", "echo", "anna", "zhangli", "wangfang", "chenjing", "liuyan",
)

#: Mobile prefixes in use (三大运营商 and 虚拟运营商): every number is 1[3-9] + 9 digits.
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
)

CUSTOMER_NOTES = (
    "平时穿M码, 胸围86",
    "给妈妈买, 妈妈160cm/55kg",
    "喜欢宽松款, 上衣拍L",
    "脾气急, 回复要快",
    "学生党, 爱砍价",
    "只收顺丰",
    "腰围72, 牛仔裤穿27",
    "给女儿买, 女儿读初二",
    "上次色差投诉过, 发货前拍实物图给她",
    "白天上班, 晚上8点后联系",
    "老客户介绍来的",
    "鞋码37, 脚背高",
)
TAGS = (
    "爱砍价", "学生", "宝妈", "给家人买", "偏瘦", "微胖", "退货较多", "要发票", "大客户",
    "喜欢新款",
)

#: The couple's own groups (name, colour). The built-in groups (潜在客户, 新客户, 老客户, VIP,
#: 黑名单) are seeded by migration 0002; the demo finds them by key.
FRIENDS_GROUP = "朋友圈客户"
MUMS_GROUP = "宝妈群"
#: The buyers imported from last year's Taobao order export (订单报表).
IMPORTED_GROUP = "淘宝导入"
OWN_GROUPS = ((FRIENDS_GROUP, "#ab47bc"), (MUMS_GROUP, "#ec407a"), (IMPORTED_GROUP, "#ff7043"))
#: How much more often the first given-name characters are chosen than the last ones (real given
#: names bunch on a few characters: 芳, 娜, 敏, 静, 伟, 强 …): weight of rank k = this // (k // 6 + 1).
GIVEN_POPULARITY = 16

# --- addresses ---------------------------------------------------------------------------------

#: (province, city, district, postcode, weight, remote). Real names; municipalities repeat their
#: name as the city; 东莞/中山/儋州 have no districts, so a town (镇) takes the district's place.
#: `remote` marks the regions with extra postage and fewer couriers.
REGIONS = (
    ("北京市", "北京市", "朝阳区", "100020", 6, False),
    ("北京市", "北京市", "海淀区", "100080", 5, False),
    ("上海市", "上海市", "浦东新区", "200120", 6, False),
    ("上海市", "上海市", "徐汇区", "200030", 4, False),
    ("天津市", "天津市", "南开区", "300100", 3, False),
    ("重庆市", "重庆市", "渝中区", "400010", 3, False),
    ("广东省", "广州市", "天河区", "510630", 7, False),
    ("广东省", "深圳市", "南山区", "518052", 7, False),
    ("广东省", "东莞市", "长安镇", "523850", 4, False),
    ("广东省", "中山市", "小榄镇", "528415", 3, False),
    ("广东省", "佛山市", "顺德区", "528300", 4, False),
    ("浙江省", "杭州市", "西湖区", "310012", 7, False),
    ("浙江省", "宁波市", "鄞州区", "315100", 4, False),
    ("浙江省", "金华市", "义乌市", "322000", 3, False),
    ("浙江省", "温州市", "鹿城区", "325000", 3, False),
    ("江苏省", "南京市", "鼓楼区", "210009", 5, False),
    ("江苏省", "苏州市", "姑苏区", "215000", 5, False),
    ("江苏省", "无锡市", "梁溪区", "214000", 3, False),
    ("山东省", "青岛市", "市南区", "266001", 4, False),
    ("山东省", "济南市", "历下区", "250011", 3, False),
    ("河南省", "郑州市", "金水区", "450008", 4, False),
    ("湖北省", "武汉市", "洪山区", "430070", 4, False),
    ("湖南省", "长沙市", "岳麓区", "410006", 4, False),
    ("四川省", "成都市", "武侯区", "610041", 5, False),
    ("福建省", "厦门市", "思明区", "361001", 3, False),
    ("安徽省", "合肥市", "蜀山区", "230031", 3, False),
    ("江西省", "南昌市", "东湖区", "330006", 2, False),
    ("河北省", "石家庄市", "长安区", "050011", 3, False),
    ("山西省", "太原市", "小店区", "030032", 2, False),
    ("陕西省", "西安市", "雁塔区", "710061", 3, False),
    ("辽宁省", "沈阳市", "和平区", "110001", 2, False),
    ("吉林省", "长春市", "朝阳区", "130012", 2, False),
    ("黑龙江省", "哈尔滨市", "南岗区", "150001", 2, False),
    ("云南省", "昆明市", "五华区", "650021", 2, False),
    ("贵州省", "贵阳市", "南明区", "550001", 2, False),
    ("广西壮族自治区", "南宁市", "青秀区", "530022", 2, False),
    ("海南省", "海口市", "龙华区", "570105", 1, True),
    ("海南省", "儋州市", "那大镇", "571700", 1, True),
    ("甘肃省", "兰州市", "城关区", "730030", 1, True),
    ("青海省", "西宁市", "城西区", "810001", 1, True),
    ("宁夏回族自治区", "银川市", "兴庆区", "750001", 1, True),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "830002", 1, True),
    ("西藏自治区", "拉萨市", "城关区", "850000", 1, True),
    ("内蒙古自治区", "呼和浩特市", "新城区", "010010", 1, True),
)
ROADS = (
    "人民路", "解放路", "中山路", "建设路", "和平路", "长江路", "黄河路", "文化路", "学府路",
    "友谊路", "新华路", "青年路", "胜利路", "光明路", "朝阳路", "东风路", "幸福路", "滨江路",
    "湖滨路", "科技路",
)
COMMUNITIES = (
    "阳光花园", "锦绣家园", "幸福里小区", "碧桂园", "万科城", "翠苑一区", "金色家园", "世纪花园",
    "桂花园", "香槟国际", "春江郦城", "和谐家园", "明珠苑", "南湖小区", "丽景湾", "新城国际",
)
#: Work and school addresses, where parcels often go.
WORKPLACES = ("创业大厦", "财富中心", "国际商务中心", "科技园A座", "师范大学", "职业技术学院")

# --- orders ------------------------------------------------------------------------------------

#: (code, weight, weight in remote regions, tracking prefix, digits after the prefix).
#: Patterns: SF + 13 digits; YT + 13; ZTO 14 digits from 73/75/78; STO 15 digits from 77;
#: Yunda 15 digits from 46; JT + 13; EMS 13 digits from 98; JD "JDVA" + 11 digits.
COURIERS = (
    ("ZTO", 34, 25, ("73", "75", "78"), 12),
    ("YTO", 20, 5, ("YT",), 13),
    ("YUNDA", 12, 5, ("46",), 13),
    ("STO", 10, 5, ("77",), 13),
    ("JT", 10, 5, ("JT",), 13),
    ("SF", 8, 15, ("SF",), 13),
    ("EMS", 3, 40, ("98",), 11),
    ("JD", 3, 0, ("JDVA",), 11),
)

BUYER_MESSAGES = (
    "请尽快发货, 谢谢",
    "不要放快递柜, 送货上门",
    "放门卫室就行",
    "送人的, 不要放价格单",
    "周末家里没人, 工作日送",
    "麻烦帮忙检查一下有没有线头",
    "要发票, 抬头发在旺旺上了",
    "和上一单一起发",
)

#: Flag colours and their memos (the order of the handbook: staff no., courier, delay, gift/refund).
MEMOS = {
    "red": ("工号01 标准件, 已核对尺码颜色", "工号02 标准件", "工号01 已和客户确认地址"),
    "yellow": (
        "客户要求发顺丰, 已补运费差价12元", "指定顺丰, 客户已补邮费",
        "不要发韵达, 客户说那边派送慢",
    ),
    "green": ("客户出差, 延迟3天再发", "等现货, 预计3天后发", "客户要求下周一发货"),
    "blue": ("送发圈一个", "赠袜子一双", "老客户, 送小样", "少收5元, 已备注退款"),
    "purple": (
        "客户说是送人的, 不要放价格单", "合并付款, 与上一单一起发", "客户问能否开发票, 待确认",
    ),
}
GIFTS = ("发圈一个", "袜子一双", "护肤小样", "帆布收纳袋")

FOLLOW_UP_NOTES_DONE = (
    "客户说收到了, 很满意", "尺码合适, 答应给好评", "已回访, 客户说颜色比图片好看",
    "客户没回, 已留言",
)
FOLLOW_UP_NOTES_SKIPPED = ("客户不喜欢被打扰", "已经确认收货并好评")
#: Notes of the other follow-ups (reminders, promotions, the couple's own), done or skipped.
OTHER_NOTES_DONE = (
    "已发新款图片, 客户说月底再看", "客户已下单", "已通知, 客户说周末来拍", "客户没回, 已留言",
)
OTHER_NOTES_SKIPPED = ("客户说最近不需要", "号码停机, 旺旺也没回", "客户不喜欢被打扰")
REPURCHASE_TEXT = "上次买的袜子快穿完了, 新款上架提醒一下"
REPURCHASE_TEXTS = (
    REPURCHASE_TEXT, "秋冬打底衫到货, 问她要不要补一件", "上次的牛仔裤卖断码了, 补货后通知她",
)
PROMOTION_TEXT = "店庆活动满200减30, 通知老客户"
PROMOTION_TEXTS = (PROMOTION_TEXT, "双十一预售开始, 发优惠券给她", "老客户专享价, 提前一天通知")
#: 自定义 follow-ups the couple write themselves.
CUSTOM_FOLLOW_UP_TEXTS = (
    "她要的杏色M码到货了, 通知她", "答应月底前帮她留一件", "生日快到了, 送张无门槛券",
    "问问上次的色差问题解决了没有", "帮她问厂家能不能加长5厘米", "代购的那件到了, 确认地址",
)

#: Taobao order numbers (订单编号) of the orders imported from the export are this long.
TAOBAO_ORDER_DIGITS = (18, 19)

#: The 34 province-level names (for reference; the tests keep their own copy).
PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区",
)

# --- stock and quick replies -------------------------------------------------------------------

#: The note of the stock count (盘点) the stock log starts with.
STOCK_COUNT_NOTE = "整仓盘点"
#: The note of the new arrivals' stock import, as the app writes it (from the supplier's sheet).
NEW_ARRIVALS_IMPORT_NOTE = "从 上新表.xlsx 导入"
#: About how often a starter reply of each group has been copied (use_count), by group key.
REPLY_USES = {
    "welcome": 400, "stock": 300, "size": 350, "logistics": 250, "color": 60, "returns": 80,
    "bargain": 120, "soothe": 30, "payment": 90, "goodbye": 200, "followup": 70,
}  # fmt: skip
