"""Every sentence and label the user reads, in English and Simplified Chinese.

The one home of the wording: the app, the chart, the deck, the workbook
export, the JSON report's sentences and the CLI's table all take their words
from :data:`TEXT` (one table per language) through the functions here. The
core (:mod:`~positioning.scoring`, :mod:`~positioning.diagnostics`) returns
numbers, names and codes; the sentences that explain them are built here.
Adding a language means adding its code to :data:`LANGUAGES` and its table to
:data:`TEXT`, in this file only (``tests/test_wording.py`` checks that every
table has every key and the same placeholders).

Names inside canvases are never translated: they show as written. The
loader's validation messages are the file format's contract and stay in
English in :mod:`~positioning.loader` and :mod:`~positioning.model`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from .diagnostics import Diagnosis
from .scoring import DOMINANCE_GAP, Ranking

#: The languages of the wording: code -> its name in that language.
LANGUAGES: Mapping[str, str] = MappingProxyType({"en": "English", "zh": "简体中文"})
DEFAULT_LANGUAGE = "en"

_TABLES: dict[str, dict[str, str]] = {
    "en": {
        "app_title": "Positioning workbench",
        "tagline": "Score differentiation factors, rank them and draw the strategy canvas",
        "example": "Open an example…",
        "upload": "Drop or choose a YAML file",
        "template": "New from template",
        "undo": "Undo",
        "undone": "Undone: the canvas is back as it was before the last change.",
        "not_saved": "Not saved: the server could not be reached",
        "saved": "Saved · version {version}",
        "saving": "Saving…",
        "save_conflict": (
            "Not saved: this canvas was changed elsewhere (it is now at version {current}). Your edit is kept on"
            " this page: press “Save mine” to make it the latest, or reload the page to see the other change."
        ),
        "save_failed": "Not saved: {why}",
        "save_mine": "Save mine",
        "read_only": "Read-only view (shared link)",
        "read_only_refused": "This is a read-only view of a shared canvas: changes are not kept.",
        "canvas_missing": "There is no such canvas, or it is not yours.",
        "canvas_unusable": "This canvas's latest version cannot be opened under the current rules:",
        "my_canvases": "My canvases",
        "created_from": "Created from “{name}”",
        "edit_not_a_canvas": "the stored data is not a canvas (a mapping of title, subject, players, factors)",
        "edit_canvas_size": "the canvas {what}; canvases are limited to {limit} MB",
        "edit_size_unknown": "cannot be measured",
        "edit_size": "is {size} MB",
        "edit_file_too_large": "{name} is {size} MB; canvas files are limited to {limit} MB",
        "edit_unreadable_upload": "{name}: the upload could not be read; try again",
        "edit_no_factor": "that factor no longer exists; reload the page",
        "edit_no_player": "that player no longer exists; reload the page",
        "edit_bad_column": "the column '{column}' cannot be edited",
        "edit_subject_removed": "'{name}' is the subject; choose another subject before removing it",
        "tab_canvas": "Strategy canvas",
        "tab_ranking": "Ranking",
        "tab_diagnosis": "Diagnosis",
        "tab_data": "Data",
        "tune": "Tune",
        "weights": "Criterion weights",
        "attractiveness": "Market attractiveness",
        "unmet_need": "Unmet need",
        "capability": "Capability",
        "barriers": "Entry barriers",
        "top": "Shortlist size",
        "competitors": "Competitors shown",
        "order": "Factor order",
        "order_file": "As in file",
        "order_rank": "By rank",
        "export": "Export",
        "preset": "Size",
        "scale": "Resolution (scale)",
        "download_yaml": "Canvas (YAML)",
        "download_pptx": "PowerPoint deck",
        "slide-16x9": "16:9 slide",
        "slide-4x3": "4:3 slide",
        "a4-report": "A4 report",
        "square": "Square",
        "export_hint": "Images are rendered on the server; allow a few seconds.",
        "rank": "Rank",
        "factor": "Factor",
        "note": "Note",
        "score": "Score",
        "category": "Category",
        "source": "Source",
        "shortlist": "Shortlist",
        "single": "Single differentiation",
        "combination": "Combination differentiation",
        "recommended": "Recommendation",
        "contributions": "Composite score by criterion (weighted contribution)",
        "focus": "Focus",
        "focus_hint": "Does the curve rise and fall clearly? 0 = flat",
        "divergence": "Divergence",
        "divergence_hint": "How different from each competitor's curve; a shifted copy counts half",
        "alignment": "Alignment",
        "alignment_hint": "Share of the lead that sits on high-ranked factors",
        "peaks": "Peaks",
        "peaks_hint": "Factors where the subject clearly leads every competitor",
        "none": "none",
        "closest": "closest rival",
        "verdict": "Verdict",
        "strong": "Strong",
        "moderate": "Moderate",
        "weak": "Weak",
        "errc": "Four actions (ERRC)",
        "eliminate": "Eliminate",
        "reduce": "Reduce",
        "raise": "Raise",
        "create": "Create",
        "keep": "Keep at the industry level",
        "eliminate_hint": "The industry offers it; we do not",
        "reduce_hint": "Well below the industry average",
        "raise_hint": "Well above the industry average",
        "create_hint": "No competitor offers it; we do",
        "factors": "Factors",
        "players": "Players",
        "scores": "Criterion scores",
        "levels": "Offering levels",
        "name": "Name",
        "color": "Colour",
        "add_factor": "Add factor",
        "add_player": "Add competitor",
        "remove": "Remove selected",
        "up": "Move up",
        "down": "Move down",
        "subject": "Our company (subject)",
        "data_hint": "Double-click a cell to edit it. Select a row to remove or move it.",
        "loaded": 'Opened "{name}". Undo brings back the canvas you had.',
        "upload_failed": '"{name}" was not opened; the current canvas is unchanged:',
        "refused": "Change refused; the canvas is unchanged:",
        "new_factor": "New factor {n}",
        "new_player": "Competitor {n}",
        "select_first": "Select a row first.",
        "saved_unreadable": "The canvas saved in this browser could not be read, so the example is shown:",
        "weights_short": "Weights",
        "deck_subtitle": "Differentiation positioning of {subject} against {competitors}",
        "deck_ranking": "Ranking of the differentiation factors",
        "deck_more": "({n} lower-ranked factors not shown.)",
        "deck_diagnosis": "Diagnosis: {verdict} differentiation",
        "deck_divergence": "Divergence from {rival}",
        "deck_measure": "Measure",
        "deck_value": "Value",
        "deck_meaning": "Meaning",
        "deck_errc_subtitle": "{subject} compared with the competitors' average",
        # --- labels of the file's codes: one per criterion, category and source
        "category_product": "Product",
        "category_relationship": "Relationship",
        "category_brand": "Brand",
        "source_current": "Current",
        "source_industry": "Industry",
        "source_adjacent": "Adjacent",
        "source_future": "Future",
        "shortlisted": "Shortlisted",
        "weighted": "{criterion} (weighted)",
        # --- lists of names
        "list_separator": ", ",
        "list_and": " and ",
        "list_more": " and {n} more",
        "quoted": "'{name}'",
        # --- the chart
        "chart_subtitle": "Strategy canvas: {subject} vs {competitors}",
        "chart_competitors": "{n} competitors",
        "chart_no_competitor": "no competitor shown",
        "chart_y": "Offering level",
        "chart_band": "Competitor range",
        "chart_shortlist": "Shortlist (top {n})",
        "chart_composite": "Composite score",
        "chart_crowded": "{n} factors: too many to read on one chart; shortlist or split the canvas",
        # --- why the strategy (scoring.Reason)
        "reason_only": "{top} is the only candidate factor, so it carries the position alone.",
        "reason_dominant": "{top} leads the next factor, {second}, by {gap:.2f} points ({share:.0%} of the score "
        "scale): it clearly dominates, so a single differentiation can carry the position.",
        "reason_tie": "{tied} score the same ({score:.2f}): no factor dominates, so combine the "
        "shortlisted factors; a combination is also harder for rivals to copy.",
        "reason_close": "{top} leads {second} by only {gap:.2f} points ({share:.0%} of the score scale, under "
        "{limit:.0%}): no factor clearly dominates, so combine the shortlisted factors; a combination is "
        "also harder for rivals to copy.",
        # --- the diagnosis summary: the verdict, then one finding per trait
        "summary_strong": "Strong differentiation: ",
        "summary_moderate": "Moderate differentiation: ",
        "summary_weak": "Weak differentiation: ",
        "summary_separator": "; ",
        "summary_end": ".",
        "finding_peaked": "{subject}'s curve rises and falls clearly (focus {focus:.2f})",
        "finding_flat": "{subject}'s curve is rather flat (focus {focus:.2f}): decide where to excel and where "
        "the industry threshold is enough",
        "finding_distinct": "it stands apart from every rival (closest: {rival}, divergence {divergence:.2f})",
        "finding_shadows": "it shadows {rival} (divergence {divergence:.2f}): the same shape, even shifted up or "
        "down, is not a differentiation",
        "finding_partly": "it is only partly different from {rival} (divergence {divergence:.2f})",
        "finding_no_peaks": "it leads every rival clearly on no factor",
        "finding_valued": "its peaks ({peaks}) sit on high-ranked factors (alignment {alignment:.2f})",
        "finding_misplaced": "its peaks ({peaks}) sit mostly on low-ranked factors (alignment {alignment:.2f}): "
        "move the lead to the shortlist",
        # --- the text report of `positioning rank`
        "report_heading": "{title} (subject: {subject})",
        "report_weights": "weights: {weights}",
        "report_shortlist": "shortlist (*): {names}",
        "report_strategy": "strategy: {strategy}. {reason}",
        "report_verdict": "verdict: {verdict}. {summary}",
        "report_measures": "  focus {focus:.2f}; alignment {alignment:.2f}; peaks: {peaks}",
        "report_divergence": "  divergence: {divergence} (closest rival: {rival})",
        "report_errc": "ERRC grid:",
        "report_empty": "-",
    },
    "zh": {
        "app_title": "差异化定位工作台",
        "tagline": "为差异化要素打分、排序，并绘制定位图",
        "example": "打开示例…",
        "upload": "把画布 YAML 文件拖到这里，或点击选择",
        "template": "从模板新建",
        "undo": "撤销",
        "undone": "已撤销：画布恢复到上一次修改之前。",
        "not_saved": "未保存：无法连接服务器",
        "saved": "已保存 · 第 {version} 版",
        "saving": "正在保存…",
        "save_conflict": (
            "未保存：此画布已在别处被修改（现为第 {current} 版）。您的修改仍保留在本页："
            "点击“保存我的版本”使其成为最新版本，或刷新页面查看对方的修改。"
        ),
        "save_failed": "未保存：{why}",
        "save_mine": "保存我的版本",
        "read_only": "只读视图（共享链接）",
        "read_only_refused": "这是共享画布的只读视图：修改不会被保存。",
        "canvas_missing": "没有这张画布，或它不属于您。",
        "canvas_unusable": "按当前规则无法打开此画布的最新版本：",
        "my_canvases": "我的画布",
        "created_from": "由“{name}”创建",
        "edit_not_a_canvas": "保存的数据不是画布（应包含 title、subject、players、factors）",
        "edit_canvas_size": "画布{what}；画布最大为 {limit} MB",
        "edit_size_unknown": "大小无法计算",
        "edit_size": "大小为 {size} MB",
        "edit_file_too_large": "{name} 大小为 {size} MB；画布文件最大为 {limit} MB",
        "edit_unreadable_upload": "{name}：无法读取上传的文件，请重试",
        "edit_no_factor": "该要素已不存在，请刷新页面",
        "edit_no_player": "该参与者已不存在，请刷新页面",
        "edit_bad_column": "“{column}”列不能编辑",
        "edit_subject_removed": "“{name}”是本企业；删除前请先选择另一个本企业",
        "tab_canvas": "战略布局图",
        "tab_ranking": "排序",
        "tab_diagnosis": "诊断",
        "tab_data": "数据",
        "tune": "调整",
        "weights": "评价标准权重",
        "attractiveness": "市场吸引力",
        "unmet_need": "需求未满足程度",
        "capability": "自身能力",
        "barriers": "进入壁垒",
        "top": "入围数量",
        "competitors": "显示的竞争对手",
        "order": "要素顺序",
        "order_file": "文件顺序",
        "order_rank": "按排名",
        "export": "导出",
        "preset": "尺寸",
        "scale": "分辨率（倍率）",
        "download_yaml": "画布（YAML）",
        "download_pptx": "PowerPoint 演示文稿",
        "slide-16x9": "16：9 幻灯片",
        "slide-4x3": "4：3 幻灯片",
        "a4-report": "A4 报告",
        "square": "正方形",
        "export_hint": "图片在服务器端生成，需要几秒钟。",
        "rank": "排名",
        "factor": "要素",
        "note": "备注",
        "score": "综合得分",
        "category": "类别",
        "source": "来源",
        "shortlist": "入围",
        "single": "单一差异化",
        "combination": "组合差异化",
        "recommended": "建议",
        "contributions": "综合得分构成（各标准的加权贡献）",
        "focus": "聚焦度",
        "focus_hint": "曲线是否起伏明显?0 表示平坦",
        "divergence": "差异度",
        "divergence_hint": "与各竞争对手曲线的不同程度；整体平移只算一半",
        "alignment": "契合度",
        "alignment_hint": "领先优势位于排名靠前要素上的比例",
        "peaks": "高点",
        "peaks_hint": "明显领先所有竞争对手的要素",
        "none": "无",
        "closest": "最接近的对手",
        "verdict": "结论",
        "strong": "强",
        "moderate": "中等",
        "weak": "弱",
        "errc": "四项行动（剔除、减少、提升、创造）",
        "eliminate": "剔除",
        "reduce": "减少",
        "raise": "提升",
        "create": "创造",
        "keep": "保持行业水平",
        "eliminate_hint": "行业提供而我们不提供",
        "reduce_hint": "明显低于行业平均",
        "raise_hint": "明显高于行业平均",
        "create_hint": "没有对手提供而我们提供",
        "factors": "要素",
        "players": "参与者",
        "scores": "评价得分",
        "levels": "供给水平",
        "name": "名称",
        "color": "颜色",
        "add_factor": "添加要素",
        "add_player": "添加竞争对手",
        "remove": "删除所选",
        "up": "上移",
        "down": "下移",
        "subject": "本企业",
        "data_hint": "双击单元格进行编辑；选中一行后可删除或移动。",
        "loaded": "已打开“{name}”。可用“撤销”找回之前的画布。",
        "upload_failed": "未能打开“{name}”，当前画布保持不变：",
        "refused": "修改未被接受，画布保持不变：",
        "new_factor": "新要素 {n}",
        "new_player": "竞争对手 {n}",
        "select_first": "请先选中一行。",
        "saved_unreadable": "本浏览器中保存的画布无法读取，现显示示例：",
        "weights_short": "权重",
        "deck_subtitle": "{subject}相对于{competitors}的差异化定位",
        "deck_ranking": "差异化要素排序",
        "deck_more": "（另有 {n} 个排名靠后的要素未列出。）",
        "deck_diagnosis": "诊断：差异化程度{verdict}",
        "deck_divergence": "与{rival}的差异度",
        "deck_measure": "指标",
        "deck_value": "数值",
        "deck_meaning": "含义",
        "deck_errc_subtitle": "{subject}与竞争对手平均水平的比较",
        # --- labels of the file's codes: one per criterion, category and source
        "category_product": "产品",
        "category_relationship": "关系",
        "category_brand": "品牌",
        "source_current": "现有",
        "source_industry": "行业",
        "source_adjacent": "相邻行业",
        "source_future": "未来趋势",
        "shortlisted": "是否入围",
        "weighted": "{criterion}（加权）",
        # --- lists of names
        "list_separator": "、",
        "list_and": "和",
        "list_more": " 等 {n} 项",
        "quoted": "“{name}”",
        # --- the chart
        "chart_subtitle": "战略布局图：{subject} 对比 {competitors}",
        "chart_competitors": "{n} 个竞争对手",
        "chart_no_competitor": "未显示竞争对手",
        "chart_y": "供给水平",
        "chart_band": "竞争对手区间",
        "chart_shortlist": "入围要素（前 {n} 名）",
        "chart_composite": "综合得分",
        "chart_crowded": "{n} 个要素：一张图上难以辨认，请精简入围要素或拆分画布",
        # --- why the strategy (scoring.Reason)
        "reason_only": "{top}是唯一的候选要素，可单独构成差异化定位。",
        "reason_dominant": "{top}比第二名{second}高 {gap:.2f} 分（占评分区间的 {share:.0%}），"
        "优势明显，可采用单一差异化。",
        "reason_tie": "{tied}得分相同（{score:.2f}），没有要素占明显优势，建议组合入围要素；"
        "组合差异化也更难被对手模仿。",
        "reason_close": "{top}仅比{second}高 {gap:.2f} 分（占评分区间的 {share:.0%}，低于 {limit:.0%}），"
        "没有要素占明显优势，建议组合入围要素；组合差异化也更难被对手模仿。",
        # --- the diagnosis summary: the verdict, then one finding per trait
        "summary_strong": "差异化程度：强。",
        "summary_moderate": "差异化程度：中等。",
        "summary_weak": "差异化程度：弱。",
        "summary_separator": "；",
        "summary_end": "。",
        "finding_peaked": "{subject}的曲线起伏明显（聚焦度 {focus:.2f}）",
        "finding_flat": "{subject}的曲线较为平坦（聚焦度 {focus:.2f}）："
        "需决定在哪些要素上领先、哪些只需达到行业门槛水平",
        "finding_distinct": "与所有对手的曲线明显不同（最接近的对手：{rival}，差异度 {divergence:.2f}）",
        "finding_shadows": "与{rival}的曲线几乎一致（差异度 {divergence:.2f}）："
        "形状相同、仅整体上移或下移，不构成差异化",
        "finding_partly": "与{rival}的曲线只有部分不同（差异度 {divergence:.2f}）",
        "finding_no_peaks": "没有任何要素明显领先所有对手",
        "finding_valued": "高点（{peaks}）位于排名靠前的要素上（契合度 {alignment:.2f}）",
        "finding_misplaced": "高点（{peaks}）主要位于排名靠后的要素上（契合度 {alignment:.2f}）："
        "应把领先优势移到入围要素上",
        # --- the text report of `positioning rank`
        "report_heading": "{title}（本企业：{subject}）",
        "report_weights": "权重：{weights}",
        "report_shortlist": "入围（*）：{names}",
        "report_strategy": "策略：{strategy}。{reason}",
        "report_verdict": "结论：{verdict}。{summary}",
        "report_measures": "  聚焦度 {focus:.2f}；契合度 {alignment:.2f}；高点：{peaks}",
        "report_divergence": "  差异度：{divergence}（最接近的对手：{rival}）",
        "report_errc": "四项行动：",
        "report_empty": "-",
    },
}


#: One table per language: key -> wording, with ``{placeholders}`` for str.format.
TEXT: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {code: MappingProxyType(words) for code, words in _TABLES.items()}
)


def check_language(language: str) -> str:
    """``language`` when it is one of :data:`LANGUAGES`, else a ValueError naming them."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def language_of(text: str) -> str:
    """The language a text is written in, as far as the wording can tell:
    ``"zh"`` when it holds a wide (CJK) character, else ``"en"``.

    >>> language_of("城市出行"), language_of("Air travel")
    ('zh', 'en')
    """
    wide = any(unicodedata.east_asian_width(c) in ("W", "F") for c in text)
    return "zh" if wide else DEFAULT_LANGUAGE


def t(language: str, key: str, **values: object) -> str:
    """The wording for ``key`` in ``language`` (English when unknown)."""
    text = TEXT.get(language, TEXT[DEFAULT_LANGUAGE]).get(key) or TEXT[DEFAULT_LANGUAGE][key]
    return text.format(**values) if values else text


def criterion_label(language: str, criterion: str) -> str:
    """The one label of a criterion: ``"Capability"``, ``"自身能力"``."""
    return t(language, criterion)


def category_label(language: str, category: str | None) -> str:
    """The label of a factor's category (``""`` when it has none)."""
    return t(language, f"category_{category}") if category else ""


def source_label(language: str, source: str | None) -> str:
    """The label of where a factor was found (``""`` when unset)."""
    return t(language, f"source_{source}") if source else ""


def join_names(
    names: Iterable[str],
    language: str = DEFAULT_LANGUAGE,
    *,
    quoted: bool = False,
    conjunction: bool = False,
    most: int | None = None,
) -> str:
    """Names as one list in ``language``: ``quoted`` puts each in quotes,
    ``conjunction`` joins the last with "and", ``most`` shows that many and
    counts the rest.

    >>> join_names(["A", "B", "C"])
    'A, B, C'
    >>> join_names(["A", "B", "C"], quoted=True, conjunction=True)
    "'A', 'B' and 'C'"
    >>> join_names(["A", "B", "C", "D", "E"], most=3)
    'A, B, C and 2 more'
    >>> join_names(["甲", "乙"], "zh", quoted=True, conjunction=True)
    '“甲”和“乙”'
    """
    shown = [t(language, "quoted", name=n) if quoted else n for n in names]
    separator = t(language, "list_separator")
    if most is not None and len(shown) > most:
        return separator.join(shown[:most]) + t(language, "list_more", n=len(shown) - most)
    if conjunction and len(shown) > 1:
        return separator.join(shown[:-1]) + t(language, "list_and") + shown[-1]
    return separator.join(shown)


def weights_text(weights: Mapping[str, float], language: str = DEFAULT_LANGUAGE) -> str:
    """``Market attractiveness 40%, Unmet need 20%, ...``"""
    return join_names((f"{criterion_label(language, c)} {w:.0%}" for c, w in weights.items()), language)


def strategy_reason(ranking: Ranking, language: str = DEFAULT_LANGUAGE) -> str:
    """Why the ranking recommends its strategy, in one or two sentences."""
    factors = ranking.factors
    return t(
        language,
        f"reason_{ranking.reason}",
        top=t(language, "quoted", name=factors[0].name),
        second=t(language, "quoted", name=factors[min(1, len(factors) - 1)].name),
        tied=join_names(ranking.tied, language, quoted=True, conjunction=True),
        gap=ranking.lead,
        share=ranking.lead_share,
        score=factors[0].score,
        limit=DOMINANCE_GAP,
    )


def diagnosis_summary(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE) -> str:
    """The verdict and one plain sentence per trait, naming the peaks and the closest rival."""
    values = {
        "subject": diagnosis.subject,
        "focus": diagnosis.focus,
        "rival": diagnosis.closest_rival,
        "divergence": diagnosis.rival_divergence,
        "alignment": diagnosis.alignment,
        "peaks": join_names(diagnosis.peaks, language, most=3),
    }
    findings = (t(language, f"finding_{code}", **values) for code in diagnosis.findings)
    body = t(language, "summary_separator").join(findings)
    return t(language, f"summary_{diagnosis.verdict}") + body + t(language, "summary_end")
