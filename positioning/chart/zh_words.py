"""A small list of Chinese words common in factor and player names (prices, service, channels, brands,
travel, retail, B2B), for breaking chart labels between words (:func:`positioning.chart.text.chinese_words`).

A bundled list rather than a segmenter such as jieba: labels are a few words long, and a dictionary of
hundreds of thousands of entries (and its start-up time) would serve them little better. A word not
listed is still found by the rule in :mod:`positioning.chart.text`; add words here as names need them.
"""

from __future__ import annotations

_LISTED = """
价格 价位 售价 费用 收费 成本 性价比 优惠 折扣 免费 低价 高价 定价 账户 年费 手续费 利率 贷款 存款 理财
服务 态度 质量 品质 品牌 信任 信任度 信誉 口碑 形象 知名度 满意度 忠诚度 舒适 舒适度 便利 便捷 便利性 方便
安全 保障 透明 可靠 可靠性 稳定 稳定性 速度 效率 时效 准时 准点 等待 时间 排队 响应 及时 快速
线路 覆盖 站点 网点 网络 门店 店铺 选址 位置 地段 商圈 渠道 线上 线下 电商 配送 外卖 物流 送货 到家
支付 现金 无现金 移动 手机 应用 会员 积分 忠诚 点单 下单 预订 预约 订票 值机 登机 行李 航班 航线 中转 直飞
司机 乘客 车辆 车内 车型 出租车 网约车 公交 公共 交通 地铁 出行 叫车 打车 拼车 专车 平台 随时 随地 可得
行程 路线 导航 定位 定位图 城市 中短途 短途 长途 机场 枢纽 连接 座位 舱位 餐食 餐饮 休息室 贵宾
产品 设计 功能 性能 创新 技术 研发 专利 工艺 原料 原材料 咖啡 咖啡豆 烘焙 菜单 选择 选项 个性化 定制 口味 新鲜
体验 空间 第三 环境 氛围 社交 社区 交流 互动 顾客 客户 用户 员工 店员 咖啡师 专业 专业性 培训 咨询 顾问 建议
运营 维护 维修 保养 保修 售后 售前 安装 检修 巡检 故障 备件 合同 协议 报告 数据 监测 远程 节能 能耗 能源 审计
营销 广告 推广 促销 活动 生活 方式 生活方式 时尚 高端 大众 本地 全国 国际 规模 范围 种类 丰富 齐全 多样
健康 卫生 环保 绿色 可持续 社会 责任 文化 历史 传统 信息 隐私 透明度 清晰 简单 简洁 易用 操作 界面 流程 手续
参与 参与度 分行 网银 柜台 理财经理 财富 投资 保险 信用卡 借记卡 转账 汇款 客服 热线 人工 自助 智能 在线 实时
"""

#: The words, for lookup.
WORDS = frozenset(_LISTED.split())
