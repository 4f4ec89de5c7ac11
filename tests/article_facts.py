"""What the source article states, as needles the site and its editions must contain.

Whitespace is ignored when they are looked for. Used by tests/test_content.py (the
built site) and tests/test_pdf.py (the PDF's extracted text).
"""

# Every figure of the source article (../shared/content/source-article.txt).
FIGURES = [
    "87%", "63%", "5.2天", "91%", "54%", "2.3倍", "187,000美元", "98,000美元",
    "7.8天", "14.3天", "8%～15%", "48小时", "72小时", "超过50个",
]  # fmt: skip
# Every source it cites, and the original article itself.
SOURCES = [
    "全球开店服务白皮书", "Amazon Global Selling Official Report 2024", "深圳市跨境电商协会",
    "SAGA Research", "Seller Central", "后台数据", "Jungle Scout", "大数跨境", "2026-01-16",
    "亚马逊招商经理与运营经理：跨境卖家高效入驻与成长指南",
]  # fmt: skip
# Facts: names, channels, materials, steps, causes, remedies and limits it states.
FACTS = [
    "Account Manager", "Seller Support", "Operations Specialist", "全球开店", "入驻前", "运营中",
    "资质审核", "政策解读", "账户健康", "绩效", "申诉", "类目审核",
    "定向邀约链接", "区域招商路演", "线下活动", "品牌备案", "Brand Registry",
    "成人用品", "汽配", "医疗器械", "营业执照", "英文翻译件", "SKU", "FBA", "R标", "TM标",
    "W-8BEN-E", "法人身份证", "双币信用卡", "验证码", "企业邮箱", "香港", "sell.amazon.com",
    "联系招商团队", "北美", "欧洲", "日本", "自主品牌", "白牌", "个人卖家", "自助注册",
    "供应链文档", "完全免费", "加急审核", "guaranteed pass", "欺诈", "佣金", "物流费",
    "登录凭证", "信息模糊", "品牌重复使用", "IP环境异常", "产品清单与实际不符", "涂改",
    "独立网络环境", "真实库存", "初审", "Performance", "Contact Us", "POA", "Plan of Action",
    "仿品", "英文版", "重新注册", "风控", "账户暂停", "订单缺陷率", "知识产权投诉",
    "算法排名", "广告投放", "政策合规", "账户安全", "Performance Notifications", "停用",
    "GMV", "试水", "VAT", "抢注", "CE、FDA", "最终责任",
    "高通过率", "快速审核", "类目前置解锁", "多站点同步开通",
]  # fmt: skip
