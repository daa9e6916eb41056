"""Every sentence and label the user reads, in English and Simplified Chinese.

The one home of the wording: the app, the chart, the deck, the workbook
export, the JSON report's sentences and the CLI's table all take their words
from :data:`TEXT` (one table per language) through the functions here. The
core (:mod:`~positioning.core.scoring`, :mod:`~positioning.core.diagnostics`) returns
numbers, names and codes; the sentences that explain them are built here.
Adding a language means adding its code to :data:`LANGUAGES` and its table to
:data:`TEXT`, in this file only (``tests/test_wording.py`` checks that every
table has every key and the same placeholders).

Names inside canvases are never translated: they show as written. The
problems with a canvas file, a workbook or an edit (the loader's, the
spreadsheet import's, the CLI's) are worded here too, in every language
(``_PROBLEM_TABLES``); their English is the file format's contract and never
changes. The English of the model's cross-field rules is the model's own
(:data:`~positioning.core.model.ISSUES`: the models speak it to callers of
``Canvas.model_validate``, and cannot import this module); :func:`issue_text`
words those in every language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Protocol

from positioning.core.changes import Change
from positioning.core.diagnostics import Diagnosis
from positioning.core.loader import CanvasError, Problem, locate
from positioning.core.messages import ENGLISH, Message, render
from positioning.core.model import ISSUES, Issue
from positioning.core.panel import Panel, agreement_level
from positioning.core.robustness import Robustness, WeightChange
from positioning.core.scoring import DOMINANCE_GAP, Ranking
from positioning.core.sizes import ByteSize
from positioning.i18n.sizes import format_size

#: The languages of the wording: code -> its name in that language.
LANGUAGES: Mapping[str, str] = MappingProxyType({"en": "English", "zh": "简体中文"})
DEFAULT_LANGUAGE = "en"
#: Each language's code in HTML's lang attribute (BCP 47).
HTML_LANG: Mapping[str, str] = MappingProxyType({"en": "en", "zh": "zh-CN"})

_TABLES: dict[str, dict[str, str]] = {
    "en": {
        "app_title": "Positioning workbench",
        "tagline": "Score differentiation factors, rank them and draw the strategy canvas",
        "example": "New canvas from an example…",
        "upload": "Drop or choose a YAML file",
        "template": "New from template",
        "undo": "Undo",
        "undone": "Undone: the canvas is back as it was before the last change.",
        "not_saved": "Not saved: the server could not be reached",
        "saved": "Saved · version {version}",
        "saving": "Saving…",
        "save_conflict": (
            "Not saved: this canvas was changed elsewhere (it is now at version {current}). Your edit is kept on"
            " this page: press “Save mine” to make it the latest, or “Load the latest” to drop it and see the"
            " other change."
        ),
        "save_failed": "Not saved: {why}",
        # --- saving under faults (issue 13): the edit stays on the page and goes with the next one
        "save_failed_unreachable": (
            "Not saved: the database could not be reached. Your change is kept on this page and is saved with"
            " your next change."
        ),
        "save_failed_full": (
            "Not saved: the server's disk is full. Your change is kept on this page and is saved with your next"
            " change once there is room (tell whoever runs the app)."
        ),
        "save_mine": "Save mine",
        "read_only": "Read-only view (shared link)",
        "read_only_refused": "This is a read-only view of a shared canvas: changes are not kept.",
        "canvas_missing": "There is no such canvas, or it is not yours.",
        # too many share or workshop links that open nothing, tried from one address (positioning.http.ratelimit)
        "guesses_title": "Too many tries",
        "guesses_refused": (
            "Too many links that open nothing were tried from your network. Try again in {seconds} seconds."
        ),
        "canvas_unusable": "This canvas's latest version cannot be opened under the current rules:",
        "my_canvases": "My canvases",
        "created_from": "Created from “{name}”",
        # --- the workspace pages (list, editor title bar, history, share)
        "redo": "Redo",
        "undo_summary": "Undo: {summary}",
        "redo_summary": "Redo: {summary}",
        "load_latest": "Load the latest",
        "load_latest_confirm": "Discard your edit on this page and load the latest saved version?",
        "edit_refused_status": "Not saved: the change was refused (see the message below)",
        "back_to_list": "← My canvases",
        "list_search": "Search titles and subjects…",
        "list_new": "New canvas",
        "list_example": "New from an example…",
        "list_import": "Import a YAML or Excel file",
        "list_active": "Canvases",
        "list_trash": "Trash",
        "col_title": "Title",
        "col_subject": "Subject",
        "col_changed": "Last change",
        "col_verdict": "Verdict",
        "duplicate": "Duplicate",
        "rename": "Rename",
        "delete": "Delete",
        "restore": "Restore",
        "rename_save": "Save",
        "cancel": "Cancel",
        "list_empty": "No canvases yet: start a new one, open an example or import a file.",
        "list_no_match": "No canvas matches “{search}”.",
        "trash_empty": "The trash is empty.",
        "copy_of": "Copy of {title}",
        "moved_to_trash": "“{title}” moved to the trash (see Trash to restore it).",
        "restored_canvas": "“{title}” is back in your canvases.",
        "renamed_summary": "Title: {old} -> {new}",
        "rename_empty": "A title cannot be empty.",
        "imported_from": "Imported from {name}",
        "summary_created": "Created",
        "summary_api_created": "Created through the API",
        "summary_api_updated": "Updated through the API",
        "summary_browser_imported": "Imported from this browser",
        "summary_copied": "Copied from {name}",
        "import_failed": "{name} could not be imported:",
        "list_action_failed": "That canvas is no longer there: the list is shown again.",
        "just_now": "just now",
        "minutes_ago": "{n} min ago",
        "hours_ago": "{n} h ago",
        "days_ago": "{n} days ago",
        "missing_title": "Canvas not found",
        "missing_back": "Back to My canvases",
        "tab_history": "History",
        "history_version": "Version",
        "history_when": "When",
        "history_author": "Author",
        "history_summary": "Change",
        "history_latest": "latest",
        "history_compare": "Compare version",
        "history_with": "with version",
        "history_same": "These two versions hold the same canvas.",
        "history_restored": "Restored version {version}",
        "history_missing": "That version does not exist.",
        "share": "Share",
        # --- the scoring workshop (participants' page and the facilitator's panel)
        "ws_title": "Scoring workshop",
        "ws_intro": "Score each factor on the four criteria, from {low:g} (poor) to {high:g} (excellent). "
        "Every score is saved as you enter it: you can close this page and come back.",
        "ws_name": "Your name",
        "ws_join": "Start scoring",
        "ws_factor_of": "Factor {n} of {count}",
        "ws_previous": "Previous",
        "ws_next": "Next",
        "ws_finish": "Finish",
        "ws_saved": "Saved",
        "ws_saving": "Saving…",
        "ws_not_saved": "Not saved: {why}. Your choice is kept on this page; it is sent again when you choose.",
        "ws_missing": "Score all four criteria to go on ({n} left).",
        "ws_done": "Thank you, {name}: your scores are in. You can still change them until the workshop closes.",
        "ws_review": "Review my scores",
        "ws_closed": "This workshop is closed: scores are no longer taken.",
        "ws_gone": "This workshop link does not open anything.",
        "ws_hint_attractiveness": "How attractive is this factor to the market?",
        "ws_hint_unmet_need": "How badly does the market serve this need today? (badly served = high)",
        "ws_hint_capability": "How well can we deliver it?",
        "ws_hint_barriers": "How hard would it be for rivals to copy?",
        "workshop": "Scoring workshop",
        "workshop_hint": "Participants open the link, enter a name and score every factor (one per screen, phone "
        "friendly). Close the workshop to make their scores the canvas's panel: a new version you can undo.",
        "workshop_start": "Start a scoring workshop",
        "workshop_close": "Close and use the scores",
        "workshop_none": "No workshop is open.",
        "workshop_people": "{count} participants; {done} finished.",
        "workshop_person": "{name}: {given} of {cells} scores",
        "workshop_finished": "finished",
        "workshop_nobody": "Nobody has joined yet.",
        "workshop_no_scores": "No participant has scored a factor on all four criteria yet: nothing to use.",
        "workshop_used": "Workshop closed: {count} raters' scores are the canvas's panel.",
        "share_create": "Create a read-only link",
        "share_copy": "Copy",
        "share_copied": "Copied",
        "share_revoke": "Revoke",
        "share_none": "No live links.",
        "share_hint": "Anyone with a link can view and export this canvas, not change it.",
        "browser_imported": "The canvas this browser kept from an earlier version of the app is now in your canvases.",
        "browser_import_refused": (
            "The canvas this browser kept from an earlier version of the app could not be imported (it is left"
            " in the browser, untouched):"
        ),
        "edit_not_a_canvas": "the stored data is not a canvas (a mapping of title, subject, players, factors)",
        "edit_canvas_size": "the canvas {what}; canvases are limited to {limit}",
        "edit_size_unknown": "cannot be measured",
        "edit_size": "is {size}",
        "edit_file_too_large": "{name} is {size}; canvas files are limited to {limit}",
        "edit_template_too_large": "{name} is {size}; deck templates are limited to {limit} here (the "
        "command line takes larger ones)",
        "edit_unreadable_upload": "{name}: the upload could not be read; try again",
        "edit_no_factor": "that factor no longer exists; reload the page",
        "edit_no_segment": "that segment no longer exists; reload the page",
        "edit_importance_filled": "Importance is given for every factor or none: the other factors start at the "
        "middle of the scale; type each one's.",
        "edit_importance_filled_segments": "Importance is given for every factor or none: the other factors start "
        "at the importance the customer segments give them; a factor's own importance wins over the segments'.",
        "edit_target_filled": "Targets are given for every factor or none: the other factors start at today's "
        "level (no move).",
        "edit_subject_targets": "The targets were the previous subject's to-be levels: they are cleared; Undo "
        "brings them back.",
        "edit_shares_filled": "Shares are given for every segment or none: the other segments share the rest "
        "equally; type each one's.",
        "edit_shares_cleared": "Shares cleared for every segment (they are given for all or none); Undo brings "
        "them back.",
        "edit_importance_cleared": "Importance cleared for every factor (it is given for all or none); Undo brings "
        "it back.",
        "edit_targets_cleared": "No factor moves any more: the targets are cleared.",
        "new_segment": "Segment {n}",
        "add_segment": "Add segment",
        "segments_hint": "Each segment gives an importance to every factor; with shares (0-1) the overall "
        "importance is their share-weighted mean, else their plain mean. A factor's own importance wins.",
        "layers": "Show on the chart",
        "layer_target": "Target curve (to-be)",
        "layer_importance": "Customer importance",
        "segment_pick": "Importance of",
        "filter_factors": "Filter factors",
        "filter_category": "All categories",
        "filter_source": "All sources",
        "filter_unset": "(not given)",
        "filter_empty": "No factor matches the filters: every factor is drawn.",
        "layer_no_importance": "This canvas has no customer importance to draw: add it in the Data tab (the "
        "Importance column, or customer segments).",
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
        "order_category": "By category",
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
        "alignment_hint_importance": "Share of the lead that sits on what customers value most",
        "peaks": "Peaks",
        "peaks_hint": "Factors where the subject clearly leads every competitor",
        "peak_why": "Why these peaks",
        "lead_peak": "{factor}: leads {rival} by {points:.1f}, a peak (a lead of {margin:g} or more)",
        "lead_short": "{factor}: leads {rival} by {points:.1f}, under the {margin:g} a peak needs",
        "lead_behind": "{factor}: {points:.1f} behind {rival}",
        "none": "none",
        "closest": "closest rival",
        "rival_hidden": "{name} (hidden on the chart)",
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
        "deck_template": "Deck template",
        "deck_template_choose": "Choose a PowerPoint template…",
        "deck_template_use_default": "Use the default",
        "deck_template_default": "Decks use the default template.",
        "deck_template_in_use": "Decks use your template {name}.",
        "deck_template_kept": "Decks now use {name}.",
        "deck_template_cleared": "Decks use the default template again.",
        "deck_template_refused": "{name} was not kept as the deck template; the one in use is unchanged:",
        "deck_template_unreadable": "the file could not be read; try again",
        "deck_chart_title": "Strategy canvas (editable chart)",
        "deck_more": "({n} lower-ranked factors not shown.)",
        "deck_more_rows": "({n} more not shown.)",
        "deck_diagnosis": "Diagnosis: {verdict} differentiation",
        "deck_divergence": "Divergence from {rival}",
        "deck_measure": "Measure",
        "deck_value": "Value",
        "deck_meaning": "Meaning",
        "deck_errc_subtitle": "{subject} compared with the competitors' average. {basis}",
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
        # --- the chart
        "chart_subtitle": "Strategy canvas: {subject} vs {competitors}",
        "chart_competitors": "{n} competitors",
        "chart_no_competitor": "no competitor shown",
        "chart_y": "Offering level",
        "chart_band": "Competitor range (min–max)",
        "competitor_average": "Competitors' average",
        "chart_target": "{subject} (target)",
        "chart_table_summary": "The chart as a table",
        "chart_scrolls": (
            "The chart is wider than the window, so that its {n} factors' labels stay whole: scroll it sideways."
        ),
        "share_link_label": "Read-only link to this canvas",
        "workshop_link_label": "Link for the workshop's raters",
        "language_label": "Language",
        "dropdown_select_all": "Select all",
        "grid_no_rows": "None yet: add one with the button above.",
        "with_range": "{name} ({low}-{high})",
        "divergence_note": "{hint} (closest rival: {rival})",
        "keep_label": "Keep at the industry level: ",
        "author_local": "you (no sign-in)",
        "dropdown_deselect_all": "Deselect all",
        "dropdown_selected_count": "{num_selected} selected",
        "dropdown_search": "Search",
        "dropdown_clear_search": "Clear search",
        "dropdown_clear_selection": "Clear selection",
        "dropdown_no_options_found": "No options found",
        "chart_table_caption": "{title}: offering level of each player on each factor, in the chart's order",
        "chart_table_place": "Shortlist",
        "chart_filtered": " · {shown} of {total} factors shown (filtered)",
        "chart_importance": "Customer importance",
        "chart_importance_segment": "Importance to {segment}",
        "chart_shortlist": "Shortlist (top {n}): #rank, =tied",
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
        "finding_valued_importance": "its peaks ({peaks}) sit on what customers value most (alignment {alignment:.2f})",
        "finding_misplaced_importance": "its peaks ({peaks}) sit mostly on what customers value little (alignment "
        "{alignment:.2f}): move the lead to what they care about",
        "voice_over": " It over-delivers where customers care little: {names}.",
        "voice_under": " It under-delivers where customers care most: {names}.",
        "voice_best_segment": " Its curve serves {segment} best (alignment {alignment:.2f}).",
        "voice_copies": " Every shortlisted factor comes from the current offer or the industry: a shortlist that "
        "only copies the industry cannot differentiate; look at adjacent industries and future trends (step 1).",
        "verdict_word_strong": "strong",
        "verdict_word_moderate": "moderate",
        "verdict_word_weak": "weak",
        "voice_target": " The target curve would be a {verdict} differentiation (focus {focus:.2f}, alignment "
        "{alignment:.2f}).",
        # --- the customer's voice and the target, in the app and the deck
        "importance": "Importance",
        "target": "Target",
        "better": "Better when",
        "better_higher": "higher",
        "better_lower": "lower",
        "as_is": "Today (as-is)",
        "to_be": "Target (to-be)",
        "move_change": "Change",
        "closest_divergence": "Divergence from the closest rival",
        "deck_moves": "From today's curve to the target",
        "deck_moves_subtitle": "{subject} moves on {n} factors: today's curve is a {today} differentiation, the "
        "target curve a {target} one.",
        "deck_voice": "The customer's voice",
        "delivery": "Delivery",
        "over_delivery": "Over-delivers",
        "under_delivery": "Under-delivers",
        "over_delivery_hint": "{subject} leads where customers care little (importance in the lowest third)",
        "under_delivery_hint": "{subject} is behind where customers care most (importance in the top third)",
        "basis_importance": "Alignment weighs {subject}'s lead by the customers' importance.",
        "basis_rank": "Alignment weighs {subject}'s lead by the factors' rank: no customer importance is given.",
        "errc_basis_levels": "Read from today's curve (as-is).",
        "errc_basis_target": "Read from the target curve (to-be): the four actions that make the move.",
        "segments": "Customer segments",
        "segment_share": "Share",
        "segment_overall": "All customers",
        "best_served": "best served",
        "shortlist_mix": "Where the shortlist comes from",
        "voice_heading": "What customers value",
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
        # --- how sure the ranking is (positioning.core.robustness, positioning.core.panel)
        "robust_summary": (
            "The shortlist is the same in {share:.0%} of {samples:,} weight samples around these weights: {stability}."
        ),
        "robust_stable": "it is stable",
        "robust_unstable": "it is not stable (under 90%)",
        "robust_panel": " Each sample also draws the panel's raters again.",
        "robust_cut": " ({requested:,} samples were asked for: more than this canvas's size allows in one analysis.)",
        "robust_knife_edge": "The shortlist is on a knife-edge: the slightest change of weights lets {enters} replace "
        "{leaves}.",
        "robust_change": "The shortlist changes if {moves}: {enters} replaces {leaves}.",
        "robust_rises": "{criterion} rises from {old:.0%} to {new:.0%}",
        "robust_falls": "{criterion} falls from {old:.0%} to {new:.0%}",
        "robust_no_change": "No weights change the shortlist.",
        "agreement_very_strong": "very strong agreement",
        "agreement_strong": "strong agreement",
        "agreement_moderate": "moderate agreement",
        "agreement_weak": "weak agreement",
        "agreement_very_weak": "very weak agreement",
        "panel_summary": "{count} raters ({raters}): {reading} on the order of the factors (Kendall's W {w:.2f}).",
        "panel_contested": " Contested (composites spread over at least 25% of the score scale): {names}.",
        "panel_none_contested": " No factor is contested.",
        "report_robustness": "robustness:",
        "shortlist_chance": "Shortlist chance",
        "likely_rank": "Likely rank",
        "likely_rank_hint": "5th to 95th percentile rank over the weight samples",
        "robust_heading": "How sure is this ranking?",
        "tornado_heading": "What moves a factor's score",
        "tornado_hint": "The factor's composite when one criterion's weight moves down or up (by the canvas's step, "
        "10 points unless set) and the others are rescaled to sum 100%. Long bars: the weights that matter most.",
        "tornado_factor": "Factor",
        "tornado_low": "Weight {points:g} points lower",
        "tornado_high": "Weight {points:g} points higher",
        "tornado_title": "{factor}: composite {score:.2f} at the current weights",
        "panel_heading": "Scoring panel",
        "panel_spread": "Spread",
        "panel_contested_flag": "contested",
        "report_odds": "  shortlist probability: {odds}",
        "report_odds_range": "{name} {share:.0%} (rank {low}-{high})",
        "report_odds_rank": "{name} {share:.0%} (rank {low})",
        "report_panel": "panel:",
        # --- what changed between two versions (positioning.core.changes)
        "change_title": "Title: {old} -> {new}",
        "change_subject": "Subject: {old} -> {new}",
        "change_top": "Shortlist size: {old} -> {new}",
        "change_weight": "Weight of {field}: {old} -> {new}",
        "change_scale": "{field} scale: {old} -> {new}",
        "change_style": "{field}: {old} -> {new}",
        "change_player_added": "Added player {owner}",
        "change_player_removed": "Removed player {owner}",
        "change_player_renamed": "Renamed player {old} to {new}",
        "change_player_color": "Colour of {owner}: {old} -> {new}",
        "change_players_reordered": "Players reordered",
        "change_factor_added": "Added factor {owner}",
        "change_factor_removed": "Removed factor {owner}",
        "change_factor_renamed": "Renamed factor {old} to {new}",
        "change_factors_reordered": "Factors reordered",
        "change_level": "{owner}: {field} level {old} -> {new}",
        "change_score": "{owner}: {field} score {old} -> {new}",
        "change_category": "{owner}: category {old} -> {new}",
        "change_source": "{owner}: source {old} -> {new}",
        "change_note": "{owner}: note changed",
        "change_panel": "Scoring panel: {old} -> {new} raters",
        "change_panel_scores": "{owner}: scores from the panel",
        "change_own_scores": "{owner}: scores of its own",
        "change_robustness": "Robustness settings changed",
        "change_importance": "{owner}: importance {old} -> {new}",
        "change_target": "{owner}: target level {old} -> {new}",
        "change_better": "{owner}: better when {old} -> {new}",
        "change_segments_reordered": "Customer segments reordered",
        "change_segment_added": "Added customer segment {owner}",
        "change_segment_removed": "Removed customer segment {owner}",
        "change_segment_renamed": "Renamed customer segment {old} to {new}",
        "change_segment_share": "{owner}: share {old} -> {new}",
        "change_segment_importance": "{owner}: importance of {field} {old} -> {new}",
        "change_none": "No change",
        "change_more_one": " and 1 more change",
        "change_more": " and {n} more changes",
        "change_unset": "(none)",
        "change_automatic": "automatic",
        "color_automatic": "automatic ({color})",
        "color_picker": "Colour picker",
        "color_text": "Colour as #rrggbb; empty for automatic",
        "scale_score": "Score",
        "scale_level": "Level",
        "style_subtitle": "Subtitle",
        "style_footnote": "Footnote",
        "style_font": "Font",
        "style_background": "Background",
        "style_subject_color": "Subject colour",
        "style_competitor_colors": "Competitor colours",
        "background_white": "White",
        "background_transparent": "Transparent",
        "canvas_settings": "Canvas",
        "setting_title": "Title",
        "setting_subtitle": "Subtitle (empty: automatic)",
        "setting_footnote": "Footnote (e.g. the source)",
        "setting_font": "Font (empty: automatic)",
        "setting_background": "Background",
        "setting_score": "Score scale",
        "setting_level": "Level scale",
        "setting_to": "to",
        "setting_to_level": "to",
        "settings_hint": "Each setting is saved when you leave the field or press Enter.",
        # --- where a refused edit's problem is (positioning.ui.problems)
        "problem_at": "{where}: {message}",
        "problem_factor_n": "Factor {n}",
        "problem_player_n": "Player {n}",
        "problem_level": "{factor}, {player}'s level",
        "problem_score": "{factor}, {criterion} score",
        "problem_segment_importance": "{segment}, importance of {factor}",
        "problem_segment_n": "The segment in row {n}",
        "problem_field": "{owner}, {field}",
        "problem_weight": "Weight of {criterion}",
        "problem_scale": "{scale} scale",
    },
    "zh": {
        "app_title": "差异化定位工作台",
        "tagline": "为差异化要素打分、排序，并绘制定位图",
        "example": "从示例新建画布…",
        "upload": "把画布 YAML 文件拖到这里，或点击选择",
        "template": "从模板新建",
        "undo": "撤销",
        "undone": "已撤销：画布恢复到上一次修改之前。",
        "not_saved": "未保存：无法连接服务器",
        "saved": "已保存 · 第 {version} 版",
        "saving": "正在保存…",
        "save_conflict": (
            "未保存：此画布已在别处被修改（现为第 {current} 版）。您的修改仍保留在本页："
            "点击“保存我的版本”使其成为最新版本，或点击“加载最新版本”放弃它并查看对方的修改。"
        ),
        "save_failed": "未保存：{why}",
        # --- saving under faults (issue 13)
        "save_failed_unreachable": "未保存：无法连接数据库。您的修改仍保留在本页，会随下一次修改一起保存。",
        "save_failed_full": (
            "未保存：服务器磁盘已满。您的修改仍保留在本页，腾出空间后会随下一次修改一起保存（请告知应用管理员）。"
        ),
        "save_mine": "保存我的版本",
        "read_only": "只读视图（共享链接）",
        "read_only_refused": "这是共享画布的只读视图：修改不会被保存。",
        "canvas_missing": "没有这张画布，或它不属于您。",
        # 从同一地址尝试了太多无效的分享或研讨会链接（positioning.http.ratelimit）
        "guesses_title": "尝试次数过多",
        "guesses_refused": "您的网络尝试了太多无效链接。请在 {seconds} 秒后重试。",
        "canvas_unusable": "按当前规则无法打开此画布的最新版本：",
        "my_canvases": "我的画布",
        "created_from": "由“{name}”创建",
        # --- the workspace pages (list, editor title bar, history, share)
        "redo": "重做",
        "undo_summary": "撤销：{summary}",
        "redo_summary": "重做：{summary}",
        "load_latest": "加载最新版本",
        "load_latest_confirm": "放弃本页上的修改，并加载最新保存的版本？",
        "edit_refused_status": "未保存：修改被拒绝（见下方信息）",
        "back_to_list": "← 我的画布",
        "list_search": "搜索标题和主体…",
        "list_new": "新建画布",
        "list_example": "从示例新建…",
        "list_import": "导入 YAML 或 Excel 文件",
        "list_active": "画布",
        "list_trash": "回收站",
        "col_title": "标题",
        "col_subject": "主体",
        "col_changed": "最近修改",
        "col_verdict": "结论",
        "duplicate": "复制",
        "rename": "重命名",
        "delete": "删除",
        "restore": "恢复",
        "rename_save": "保存",
        "cancel": "取消",
        "list_empty": "还没有画布：新建一张、打开示例或导入文件。",
        "list_no_match": "没有与“{search}”匹配的画布。",
        "trash_empty": "回收站是空的。",
        "copy_of": "{title}（副本）",
        "moved_to_trash": "“{title}”已移到回收站（可在回收站中恢复）。",
        "restored_canvas": "“{title}”已恢复到您的画布中。",
        "renamed_summary": "标题：{old} -> {new}",
        "rename_empty": "标题不能为空。",
        "imported_from": "从 {name} 导入",
        "summary_created": "创建",
        "summary_api_created": "通过 API 创建",
        "summary_api_updated": "通过 API 更新",
        "summary_browser_imported": "从本浏览器导入",
        "summary_copied": "复制自 {name}",
        "import_failed": "{name} 无法导入：",
        "list_action_failed": "该画布已不存在：列表已刷新。",
        "just_now": "刚刚",
        "minutes_ago": "{n} 分钟前",
        "hours_ago": "{n} 小时前",
        "days_ago": "{n} 天前",
        "missing_title": "找不到画布",
        "missing_back": "返回我的画布",
        "tab_history": "历史",
        "history_version": "版本",
        "history_when": "时间",
        "history_author": "作者",
        "history_summary": "修改",
        "history_latest": "最新",
        "history_compare": "比较版本",
        "history_with": "与版本",
        "history_same": "这两个版本的画布相同。",
        "history_restored": "恢复第 {version} 版",
        "history_missing": "该版本不存在。",
        "share": "共享",
        # --- the scoring workshop (participants' page and the facilitator's panel)
        "ws_title": "评分工作坊",
        "ws_intro": (
            "请按四项标准为每个要素打分，从 {low:g}（差）到 {high:g}（优）。"
            "每个分数输入后即保存：可以关闭本页，稍后回来继续。"
        ),
        "ws_name": "您的名字",
        "ws_join": "开始评分",
        "ws_factor_of": "第 {n} 个要素，共 {count} 个",
        "ws_previous": "上一个",
        "ws_next": "下一个",
        "ws_finish": "完成",
        "ws_saved": "已保存",
        "ws_saving": "正在保存…",
        "ws_not_saved": "未保存：{why}。您的选择仍保留在本页，再次选择时会重新发送。",
        "ws_missing": "请为四项标准都打分后继续（还差 {n} 项）。",
        "ws_done": "谢谢您，{name}：您的评分已提交。工作坊关闭前仍可修改。",
        "ws_review": "查看我的评分",
        "ws_closed": "本工作坊已关闭，不再接收评分。",
        "ws_gone": "此工作坊链接无效。",
        "ws_hint_attractiveness": "该要素对市场有多大吸引力？",
        "ws_hint_unmet_need": "目前市场对这一需求满足得有多差？（越差分越高）",
        "ws_hint_capability": "我们做好它的能力有多强？",
        "ws_hint_barriers": "对手模仿它有多难？",
        "workshop": "评分工作坊",
        "workshop_hint": (
            "参与者打开链接、输入名字，为每个要素打分（每屏一个要素，适合手机）。"
            "关闭工作坊后，他们的评分成为画布的评分小组：生成一个可撤销的新版本。"
        ),
        "workshop_start": "发起评分工作坊",
        "workshop_close": "关闭并采用评分",
        "workshop_none": "目前没有进行中的工作坊。",
        "workshop_people": "{count} 位参与者；{done} 位已完成。",
        "workshop_person": "{name}：已打 {given}/{cells} 项",
        "workshop_finished": "已完成",
        "workshop_nobody": "还没有人加入。",
        "workshop_no_scores": "还没有参与者为任何要素打满四项标准：没有可采用的评分。",
        "workshop_used": "工作坊已关闭：{count} 位评分人的评分成为画布的评分小组。",
        "share_create": "创建只读链接",
        "share_copy": "复制",
        "share_copied": "已复制",
        "share_revoke": "撤销链接",
        "share_none": "没有有效的链接。",
        "share_hint": "拿到链接的人可以查看和导出此画布，但不能修改。",
        "browser_imported": "本浏览器中旧版应用保存的画布已导入到您的画布中。",
        "browser_import_refused": "本浏览器中旧版应用保存的画布无法导入（它仍保留在浏览器中，未作改动）：",
        "edit_not_a_canvas": "保存的数据不是画布（应包含 title、subject、players、factors）",
        "edit_canvas_size": "画布{what}；画布最大为 {limit}",
        "edit_size_unknown": "大小无法计算",
        "edit_size": "大小为 {size}",
        "edit_file_too_large": "{name} 大小为 {size}；画布文件最大为 {limit}",
        "edit_template_too_large": "{name} 大小为 {size}；此处演示文稿模板最大为 {limit}（命令行可用更大的模板）",
        "edit_unreadable_upload": "{name}：无法读取上传的文件，请重试",
        "edit_no_factor": "该要素已不存在，请刷新页面",
        "edit_no_segment": "该客户细分已不存在，请刷新页面",
        "edit_importance_filled": "重视度须为所有要素填写或全部不填：其他要素暂设为评分区间的中值，请逐一填写。",
        "edit_importance_filled_segments": "重视度须为所有要素填写或全部不填：其他要素暂用客户细分给出的重视度；"
        "要素自身的重视度优先于细分。",
        "edit_target_filled": "目标须为所有要素填写或全部不填：其他要素的目标暂设为当前水平（不调整）。",
        "edit_subject_targets": "原目标是上一个本企业的目标水平，已清除；可用“撤销”恢复。",
        "edit_shares_filled": "占比须为所有细分填写或全部不填：其余细分平分剩余占比，请逐一填写。",
        "edit_shares_cleared": "已清除所有细分的占比（须全部填写或全部不填）；可用“撤销”恢复。",
        "edit_importance_cleared": "已清除所有要素的重视度（须全部填写或全部不填）；可用“撤销”恢复。",
        "edit_targets_cleared": "已没有要调整的要素：目标已清除。",
        "new_segment": "细分 {n}",
        "add_segment": "添加客户细分",
        "segments_hint": "每个客户细分为所有要素给出重视度；填写占比（0-1）时，整体重视度为按占比加权的平均值，"
        "否则为简单平均。要素自身的重视度优先。",
        "layers": "图上显示",
        "layer_target": "目标曲线",
        "layer_importance": "客户重视度",
        "segment_pick": "重视度来自",
        "filter_factors": "筛选要素",
        "filter_category": "全部类别",
        "filter_source": "全部来源",
        "filter_unset": "（未填写）",
        "filter_empty": "没有要素符合筛选条件：图上显示全部要素。",
        "layer_no_importance": "该画布没有可显示的客户重视度：请在“数据”页填写重视度列或客户细分。",
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
        "order_category": "按类别",
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
        "focus_hint": "曲线是否起伏明显？0 表示平坦",
        "divergence": "差异度",
        "divergence_hint": "与各竞争对手曲线的不同程度；整体平移只算一半",
        "alignment": "契合度",
        "alignment_hint": "领先优势位于排名靠前要素上的比例",
        "alignment_hint_importance": "领先优势中落在客户最看重要素上的比例",
        "peaks": "高点",
        "peaks_hint": "明显领先所有竞争对手的要素",
        "peak_why": "为什么是这些高点",
        "lead_peak": "{factor}：领先{rival} {points:.1f}，是高点（领先 {margin:g} 及以上）",
        "lead_short": "{factor}：领先{rival} {points:.1f}，未达到高点所需的 {margin:g}",
        "lead_behind": "{factor}：落后{rival} {points:.1f}",
        "none": "无",
        "closest": "最接近的对手",
        "rival_hidden": "{name}（图中已隐藏）",
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
        "deck_template": "演示文稿模板",
        "deck_template_choose": "选择 PowerPoint 模板…",
        "deck_template_use_default": "使用默认模板",
        "deck_template_default": "演示文稿使用默认模板。",
        "deck_template_in_use": "演示文稿使用您的模板 {name}。",
        "deck_template_kept": "演示文稿现在使用 {name}。",
        "deck_template_cleared": "演示文稿重新使用默认模板。",
        "deck_template_refused": "{name} 未被设为演示文稿模板，当前模板保持不变：",
        "deck_template_unreadable": "无法读取该文件，请重试",
        "deck_chart_title": "战略布局图（可编辑图表）",
        "deck_more": "（另有 {n} 个排名靠后的要素未列出。）",
        "deck_more_rows": "（另有 {n} 项未列出。）",
        "deck_diagnosis": "诊断：差异化程度{verdict}",
        "deck_divergence": "与{rival}的差异度",
        "deck_measure": "指标",
        "deck_value": "数值",
        "deck_meaning": "含义",
        "deck_errc_subtitle": "{subject}与竞争对手平均水平的比较。{basis}",
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
        "chart_band": "竞争对手区间（最低–最高）",
        "competitor_average": "对手平均",
        "chart_target": "{subject}（目标）",
        "chart_table_summary": "以表格查看图表",
        "chart_scrolls": "图表比窗口宽，以保证 {n} 个要素的标签完整：请左右滚动查看。",
        "share_link_label": "本画布的只读链接",
        "workshop_link_label": "评分工作坊的评分人链接",
        "language_label": "语言",
        "dropdown_select_all": "全选",
        "grid_no_rows": "还没有：用上方的按钮添加。",
        "with_range": "{name}（{low}-{high}）",
        "divergence_note": "{hint}（最接近的对手：{rival}）",
        "keep_label": "保持行业水平：",
        "author_local": "你（未登录）",
        "dropdown_deselect_all": "全不选",
        "dropdown_selected_count": "已选 {num_selected} 项",
        "dropdown_search": "搜索",
        "dropdown_clear_search": "清除搜索",
        "dropdown_clear_selection": "清除选择",
        "dropdown_no_options_found": "没有匹配的选项",
        "chart_table_caption": "{title}：各参与者在各要素上的供给水平（按图表顺序）",
        "chart_table_place": "入围",
        "chart_filtered": " · 显示 {shown}/{total} 个要素（已筛选）",
        "chart_importance": "客户重视度",
        "chart_importance_segment": "{segment}的重视度",
        "chart_shortlist": "入围要素（前 {n} 名）：#名次，=并列",
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
        "finding_valued_importance": "高点（{peaks}）位于客户最看重的要素上（契合度 {alignment:.2f}）",
        "finding_misplaced_importance": "高点（{peaks}）主要位于客户不太看重的要素上（契合度 {alignment:.2f}）："
        "应把领先优势移到客户在意的要素上",
        "voice_over": "在客户不太在意的要素上投入过多：{names}。",
        "voice_under": "在客户最在意的要素上投入不足：{names}。",
        "voice_best_segment": "曲线最契合{segment}（契合度 {alignment:.2f}）。",
        "voice_copies": "入围要素全部来自现有业务或行业惯例：只模仿行业的入围名单无法形成差异化，"
        "请从相邻行业和未来趋势中寻找要素（方法第 1 步）。",
        "verdict_word_strong": "强",
        "verdict_word_moderate": "中等",
        "verdict_word_weak": "弱",
        "voice_target": "目标曲线的差异化程度为{verdict}（聚焦度 {focus:.2f}，契合度 {alignment:.2f}）。",
        # --- the customer's voice and the target, in the app and the deck
        "importance": "重视度",
        "target": "目标",
        "better": "越…越好",
        "better_higher": "越高越好",
        "better_lower": "越低越好",
        "as_is": "现状",
        "to_be": "目标",
        "move_change": "变化",
        "closest_divergence": "与最接近对手的差异度",
        "deck_moves": "从现状曲线到目标曲线",
        "deck_moves_subtitle": "{subject}将调整 {n} 个要素：现状曲线的差异化程度为{today}，目标曲线为{target}。",
        "deck_voice": "客户之声",
        "delivery": "投入",
        "over_delivery": "投入过多",
        "under_delivery": "投入不足",
        "over_delivery_hint": "{subject}在客户不太在意的要素上领先（重视度位于评分区间的最低三分之一）",
        "under_delivery_hint": "{subject}在客户最在意的要素上落后（重视度位于评分区间的最高三分之一）",
        "basis_importance": "契合度按客户重视度衡量{subject}的领先优势。",
        "basis_rank": "契合度按要素排名衡量{subject}的领先优势：未提供客户重视度。",
        "errc_basis_levels": "依据现状曲线。",
        "errc_basis_target": "依据目标曲线：实现调整所需的四项行动。",
        "segments": "客户细分",
        "segment_share": "占比",
        "segment_overall": "全体客户",
        "best_served": "最契合",
        "shortlist_mix": "入围要素的来源",
        "voice_heading": "客户看重什么",
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
        # --- how sure the ranking is (positioning.core.robustness, positioning.core.panel)
        "robust_summary": "在当前权重附近抽样 {samples:,} 组权重，入围名单在 {share:.0%} 的样本中不变：{stability}。",
        "robust_stable": "排名稳健",
        "robust_unstable": "排名不够稳健（低于 90%）",
        "robust_panel": "每个样本还会重新抽取评分小组的评分人。",
        "robust_cut": "（设置为 {requested:,} 个样本，超出了此画布规模下一次分析允许的工作量。）",
        "robust_knife_edge": "入围名单处在临界点：权重稍有变化，{enters} 就会取代 {leaves}。",
        "robust_change": "若{moves}，入围名单就会改变：{enters} 取代 {leaves}。",
        "robust_rises": "{criterion}从 {old:.0%} 升到 {new:.0%}",
        "robust_falls": "{criterion}从 {old:.0%} 降到 {new:.0%}",
        "robust_no_change": "任何权重都不会改变入围名单。",
        "agreement_very_strong": "意见高度一致",
        "agreement_strong": "意见较为一致",
        "agreement_moderate": "意见一致程度中等",
        "agreement_weak": "意见一致程度较弱",
        "agreement_very_weak": "意见几乎不一致",
        "panel_summary": "{count} 位评分人（{raters}）对因素排序{reading}（肯德尔 W {w:.2f}）。",
        "panel_contested": "有争议的因素（评分人综合得分相差达到评分范围的 25% 或以上）：{names}。",
        "panel_none_contested": "没有有争议的因素。",
        "report_robustness": "稳健性：",
        "shortlist_chance": "入围概率",
        "likely_rank": "可能名次",
        "likely_rank_hint": "权重抽样中名次的第 5 至第 95 百分位",
        "robust_heading": "这个排名有多可靠？",
        "tornado_heading": "哪些权重影响因素得分",
        "tornado_hint": "某一标准的权重下调或上调（按画布设定的步长，默认 10 个百分点）、其余权重按比例调整至合计 100% "
        "时，该因素的综合得分。条越长，该权重越关键。",
        "tornado_factor": "因素",
        "tornado_low": "权重降低 {points:g} 个百分点",
        "tornado_high": "权重提高 {points:g} 个百分点",
        "tornado_title": "{factor}：当前权重下综合得分 {score:.2f}",
        "panel_heading": "评分小组",
        "panel_spread": "分歧",
        "panel_contested_flag": "有争议",
        "report_odds": "  入围概率：{odds}",
        "report_odds_range": "{name} {share:.0%}（第 {low}-{high} 名）",
        "report_odds_rank": "{name} {share:.0%}（第 {low} 名）",
        "report_panel": "评分小组：",
        # --- 两个版本之间的修改（positioning.core.changes）
        "change_title": "标题：{old} -> {new}",
        "change_subject": "主体：{old} -> {new}",
        "change_top": "入围数量：{old} -> {new}",
        "change_weight": "{field}权重：{old} -> {new}",
        "change_scale": "{field}量表：{old} -> {new}",
        "change_style": "{field}：{old} -> {new}",
        "change_player_added": "新增参与者 {owner}",
        "change_player_removed": "删除参与者 {owner}",
        "change_player_renamed": "参与者 {old} 改名为 {new}",
        "change_player_color": "{owner}的颜色：{old} -> {new}",
        "change_players_reordered": "参与者顺序调整",
        "change_factor_added": "新增要素 {owner}",
        "change_factor_removed": "删除要素 {owner}",
        "change_factor_renamed": "要素 {old} 改名为 {new}",
        "change_factors_reordered": "要素顺序调整",
        "change_level": "{owner}：{field} 的水平 {old} -> {new}",
        "change_score": "{owner}：{field}评分 {old} -> {new}",
        "change_category": "{owner}：类别 {old} -> {new}",
        "change_source": "{owner}：来源 {old} -> {new}",
        "change_note": "{owner}：备注已修改",
        "change_panel": "评分小组：{old} -> {new} 位评分人",
        "change_panel_scores": "{owner}：采用评分小组的评分",
        "change_own_scores": "{owner}：使用自己的评分",
        "change_robustness": "稳健性设置已修改",
        "change_importance": "{owner}：客户重视度 {old} -> {new}",
        "change_target": "{owner}：目标水平 {old} -> {new}",
        "change_better": "{owner}：{old} -> {new}",
        "change_segments_reordered": "客户细分顺序调整",
        "change_segment_added": "新增客户细分 {owner}",
        "change_segment_removed": "删除客户细分 {owner}",
        "change_segment_renamed": "客户细分 {old} 改名为 {new}",
        "change_segment_share": "{owner}：占比 {old} -> {new}",
        "change_segment_importance": "{owner}：对{field}的重视度 {old} -> {new}",
        "change_none": "没有修改",
        "change_more_one": "，另有 1 处修改",
        "change_more": "，另有 {n} 处修改",
        "change_unset": "（无）",
        "change_automatic": "自动",
        "color_automatic": "自动（{color}）",
        "color_picker": "取色器",
        "color_text": "颜色（#rrggbb），留空为自动",
        "scale_score": "评分",
        "scale_level": "水平",
        "style_subtitle": "副标题",
        "style_footnote": "脚注",
        "style_font": "字体",
        "style_background": "背景",
        "style_subject_color": "主体颜色",
        "style_competitor_colors": "竞争者颜色",
        "background_white": "白色",
        "background_transparent": "透明",
        "canvas_settings": "画布",
        "setting_title": "标题",
        "setting_subtitle": "副标题（留空：自动）",
        "setting_footnote": "脚注（例如资料来源）",
        "setting_font": "字体（留空：自动）",
        "setting_background": "背景",
        "setting_score": "评分量表",
        "setting_level": "水平量表",
        "setting_to": "至",
        "setting_to_level": "至",
        "settings_hint": "离开输入框或按回车键时保存每项设置。",
        # --- 被拒绝的修改出在哪里（positioning.ui.problems）
        "problem_at": "{where}：{message}",
        "problem_factor_n": "第 {n} 个要素",
        "problem_player_n": "第 {n} 个参与者",
        "problem_level": "{factor}，{player} 的水平",
        "problem_score": "{factor}，{criterion}评分",
        "problem_segment_importance": "{segment}对{factor}的重视度",
        "problem_segment_n": "第 {n} 行客户细分",
        "problem_field": "{owner}，{field}",
        "problem_weight": "{criterion}权重",
        "problem_scale": "{scale}量表",
    },
}


# --- the problems with a canvas file, workbook or edit (the loader, the spreadsheet import, the CLI) ----
#: Kept apart from the tables above, merged into :data:`TEXT`. The English of the rules that relate one
#: part of a canvas to another is the model's own (:data:`~positioning.core.model.ISSUES`, keys ``issue_*``).
_PROBLEM_TABLES: dict[str, dict[str, str]] = {
    "en": {
        **{f"issue_{key}": text for key, text in ISSUES.items()},
        "issue_what_player": "player",
        "issue_what_factor": "factor",
        "issue_what_segment": "segment",
        "issue_what_rater": "rater",
        "issue_what_score": "score",
        "issue_what_level": "level",
        # the file
        # the YAML
        # the values
        # a scoring workbook (positioning.output.spreadsheet)
        "book_too_many_raters": "a panel holds at most {most} raters; {count} workbooks given",
        "book_factor_not_in": "factor '{name}' is not in {first}",
        "book_no_rows": "no row for {names} of {first}",
        "book_player_not_in": "player '{name}' is not in {first}",
        "book_no_columns": "no column for player {names} of {first}",
        "book_same_rater": "rater '{rater}' also filled in {other}; name each workbook's rater in its Settings sheet "
        "(key 'rater')",
        "book_not_a_workbook": "is not an Excel workbook (.xlsx); save it as 'Excel Workbook (.xlsx)'",
        "book_folder": "is a folder, not a workbook; give the path of an .xlsx file",
        "book_not_regular": "is not a regular file (a pipe or a device?); give the path of an .xlsx file",
        "book_too_large": "the workbook is {size}; scoring workbooks are limited to {limit}",
        "book_more_than": "more than {size}",
        "book_unpacks": "its parts unpack to {unpacked}, more than a workbook of {size} needs (the limit is {ratio} "
        "times the file's size, at most {most}); the file is damaged or a zip bomb",
        "book_too_many_parts": "holds {count} parts, more than the {most} a workbook may hold; the file is damaged "
        "or a zip bomb",
        "book_no_sheet": "has no sheet named '{sheet}' (sheets: {found}); see docs/excel.md",
        "book_chart_sheet": "the '{sheet}' sheet is a chart, not cells; see docs/excel.md for its layout",
        "book_damaged_sheet": "the '{sheet}' sheet is damaged and cannot be read; open and save the workbook again "
        "in Excel",
        "book_below": "data below row {row}: the '{sheet}' sheet is read up to row {row} ({content}); delete or "
        "move what is beyond",
        "book_right": "data right of column {column}: the '{sheet}' sheet is read up to column {column} ({count} "
        "columns, enough for 50 players); delete or move what is beyond",
        "book_rows_factors": "a header and at most {most} factors",
        "book_rows_settings": "one setting per row",
        "book_rows_segments": "a header, an optional share row and one row per factor",
        "book_empty_sheet": "the '{sheet}' sheet is empty; its first row must hold the headers",
        "book_header": "the header row lacks {missing}; expected Factor, Category, Source, the four criteria, one "
        "column per player, Note",
        "book_unknown_setting": "unknown setting '{name}'; allowed: {allowed}",
        # the command line (positioning.cli)
        "cli_folder": "cannot read the folder: {why}",
        "cli_ok": "{path}: ok ({factors} factors, {players} players)",
        "cli_skipped": "{path}: skipped",
        # backup and restore (positioning.store.backup)
        "backup_wrote": "wrote {path}: {canvases} canvas(es) with {versions} version(s) and {shares} share link(s), "
        "{workshops} workshop(s) with {participants} participant(s) and {scores} score(s), {templates} deck "
        "template(s)",
        "backup_restored": "restored {path} into {url}: {canvases} canvas(es) with {versions} version(s) and {shares} "
        "share link(s), {workshops} workshop(s) with {participants} participant(s) and {scores} score(s), "
        "{templates} deck template(s)",
        "backup_no_schema": "the database holds no workspace (it has no tables); check POSITIONING_DATA and "
        "DATABASE_URL",
        "backup_old_schema": "the database is at schema {found}, not {head}; run 'positioning db upgrade' first",
        "backup_cannot_read": "cannot be read: {why}",
        "backup_not_regular": "is not a regular file; give the path of a backup written by 'positioning backup'",
        "backup_not_zip": "is not a zip file; give a backup written by 'positioning backup'",
        "backup_too_large": "the file is {size}; a backup is limited to {limit}",
        "backup_too_many_entries": "the archive holds about {count} entries; a backup holds at most {most}",
        "backup_unpacks": "its entries unpack to {size}, more than the {limit} a backup may hold; the file is "
        "damaged or a zip bomb",
        "backup_entry_too_large": "unpacks to {size}, more than the {limit} an entry of its kind may hold; the file "
        "is damaged or a zip bomb",
        "backup_duplicate_entry": "is in the archive twice; the file is damaged",
        "backup_encrypted": "is locked with a password; a backup written by 'positioning backup' has none",
        "backup_unknown_entry": "is not an entry of a workspace backup; the file is not a backup, or was changed",
        "backup_no_manifest": "has no manifest.json: it is not a workspace backup written by 'positioning backup'",
        "backup_not_ours": "is not 'positioning-workspace': this zip is not a workspace backup written by "
        "'positioning backup'",
        "backup_format": "{found} is a backup format this version of positioning does not read (it reads format "
        "{known}); restore it with the version that wrote it",
        "backup_newer": "{found} is a database schema this version of positioning does not know (the backup was "
        "written by positioning {app}); upgrade positioning, then restore",
        "backup_damaged": "cannot be read from the archive, which is damaged: {why}",
        "backup_not_json": "is not valid JSON: {why}",
        "backup_unknown_field": "is not a field of a backup; the file was changed",
        "backup_bad_value": "is not valid: {why}",
        "backup_version_numbers": "the versions are numbered {numbers}; they must run 1, 2, 3... in order, "
        "without gaps",
        "backup_missing_entry": "{entry} is missing from the archive",
        "backup_checksum": "is not the file that was backed up (its SHA-256 differs from the one its canvas.json "
        "gives); the archive is damaged or was changed",
        "backup_orphan": "no canvas lists this version: {entry} is missing from the archive",
        "backup_duplicate": "the same {what} is given twice; each must be unique",
        "backup_no_canvas": "the canvas '{canvas}' is not in the backup",
        "backup_no_version": "the canvas has no version {version} (its latest is {latest})",
        "backup_counts": "does not match what the archive holds ({counts}); the file is incomplete or was changed",
        "backup_not_empty": "the database is not empty ({tables} hold data); restore into an empty one: set "
        "POSITIONING_DATA to a new folder, or DATABASE_URL to a new database",
    },
    "zh": {
        "issue_subject_not_a_player": "“{name}”不是参与者之一（{names}）{hint}",
        "issue_not_a_player": "“{name}”不是参与者（{names}）{hint}",
        "issue_not_a_factor": "“{name}”不是要素（{names}）{hint}",
        "issue_duplicate_name": "{what}名称“{name}”重复（另见 {key}[{first}]）；名称不能重复",
        "issue_outside_scale": "{value} 超出{what}量表 {scale} 的范围",
        "issue_no_scores": "没有评分；请给出四项评分，或由评分小组为它评分",
        "issue_no_level": "缺少{names}的水平；每个参与者须恰好有一个水平",
        "issue_no_rater_scores": "缺少对{names}的评分；没有自身评分的要素需要每位评分人的评分",
        "issue_given_for_some": "没有 {key}；{total} 个要素中有 {given} 个给出了 {key}：请全部给出或全部不给",
        "issue_no_share": "没有占比；请给每个客户细分都填上占比，或都不填",
        "issue_shares_zero": "占比全部为零；请至少给一个客户细分大于 0 的占比",
        "issue_no_importance": "缺少对{names}的重视度；请给出每个要素的重视度",
        "issue_bad_color": "'{value}' 不是颜色；请写十六进制颜色（如 '#c0392b'）或 rgb(192, 57, 43)",
        "issue_bad_range": "{what}量表须为 [下限, 上限] 且下限小于上限，现为 [{low}, {high}]",
        "issue_zero_weights": "权重全部为零；请至少给一项评价标准正的权重",
        "issue_what_player": "参与者",
        "issue_what_factor": "要素",
        "issue_what_segment": "客户细分",
        "issue_what_rater": "评分人",
        "issue_what_score": "评分",
        "issue_what_level": "水平",
        "did_you_mean": "；是否应为“{name}”？",
        "value_empty": "空值",
        "value_bool": "{value}（是/否值）",
        "value_mapping": "映射",
        "value_list": "列表",
        "value_single": "单个值",
        "load_at": "{where}：{message}",
        "load_line": "{source} 第 {line} 行",
        "load_cell": "{source}（{cell}）",
        "load_more_problem": "另有 1 个问题",
        "load_more_problems": "另有 {n} 个问题",
        "load_more_unknown": "另有更多问题",
        "load_allowed": "{message}（可选：{choices}）",
        # 文件
        "load_no_such_file": "没有这个文件；请检查路径",
        "load_symlink_missing": "是指向不存在文件的符号链接",
        "load_folder": "是文件夹，不是画布文件",
        "load_cannot_read": "无法读取：{why}",
        "load_nul_name": "没有这个文件：文件名含有 NUL 字符",
        "load_not_regular": "不是普通文件",
        "load_too_large": "文件大小为 {size}；画布文件最大 {limit}",
        "load_nul_bytes": "文件含有 NUL 字节，不是文本文件",
        "load_not_utf8": "文件不是 UTF-8 文本（字节 {byte}）；请以 UTF-8 编码保存",
        "os_denied": "没有权限",
        "os_missing": "没有这个文件或文件夹",
        "os_not_folder": "路径中有一段是文件，不是文件夹",
        "os_is_folder": "它是文件夹",
        "os_loop": "路径上的符号链接绕回了自身",
        "os_long_name": "名称太长",
        "os_not_regular": "它不是普通文件",
        "os_disk_full": "磁盘已满",
        "os_quota": "磁盘配额已用完",
        "os_read_only": "文件系统是只读的",
        "os_io": "输入/输出错误（磁盘或网络故障）",
        "os_busy": "文件正在使用中",
        # YAML
        "load_syntax": "YAML 语法错误：{what}",
        "load_syntax_where": "{context}，{problem}",
        "load_bad_character": "YAML 文件中不允许出现字符 {char}；请删除它",
        "load_empty": "文件是空的；画布需要 title、subject、players 和 factors",
        "load_top_level": "顶层必须是键的映射（title:、subject:、players:、factors: 等），不能是{kind}",
        "load_too_deep": "文件嵌套层次太深",
        "load_alias_itself": "别名引用了它自身",
        "load_alias_bomb": "锚点和别名展开后的数据远多于文件本身，已拒绝（请把这些值直接写出来）",
        "load_merge_key": "不支持合并键（'<<'）；请把键逐一写出来",
        "load_key_not_text": "键必须是纯文本，不能是列表或映射",
        "load_duplicate_key": "键“{key}”重复（第一次出现在第 {first} 行）；每个键只能出现一次",
        "load_bad_scalar": "{value} 不是有效的 {tag} 值",
        "load_huge_number": "数值 {value} 太大",
        "load_tag": "不允许使用标签 {tag}；请使用普通的 YAML 值（文本、数字、列表、映射）",
        # 值
        "load_missing": "是必填项，但没有给出",
        "load_empty_value": "是空的；请给出一个值",
        "load_unknown_key": "未知的键 {key}{hint}",
        "load_not_a_number": "{value} 不是数字",
        "load_not_whole": "{value} 不是整数",
        "load_not_finite": "不允许 {value}；请给出有限的数字",
        "load_not_text": "{value} 不是文本；请加上引号",
        "load_not_empty": "不能为空",
        "load_too_long": "太长（最多 {most} 个字符）",
        "load_not_allowed": "不允许 {value}{hint}",
        "load_too_few": "至少需要 {need} 个{what}，现有 {found} 个",
        "load_count_player_one": "参与者",
        "load_count_player": "参与者",
        "load_count_factor_one": "要素",
        "load_count_factor": "要素",
        "load_count_item_one": "项",
        "load_count_item": "项",
        "load_too_many_items": "项数太多（最多 {most} 项）",
        "load_too_many_count": "有 {found} 个{what}；一张画布最多 {most} 个：请拆分成几张画布",
        "load_too_many": "{what}太多；一张画布最多 {most} 个：请拆分成几张画布",
        "load_too_small_above": "{value} 太小；必须大于 {limit}",
        "load_too_small": "{value} 太小；不能小于 {limit}",
        "load_negative": "{value} 是负数；不能小于 {limit}",
        "load_too_large_value": "{value} 太大；不能大于 {limit}",
        "load_not_one_line": "{value} 必须是一行文本，不含控制字符，也不能只有空格",
        "load_not_a_mapping": "必须是键的映射，不能是 {value}",
        "load_not_a_list": "必须是列表，不能是 {value}",
        # 评分工作簿（positioning.output.spreadsheet）
        "book_too_many_raters": "评分小组最多 {most} 位评分人；给出了 {count} 个工作簿",
        "book_factor_not_in": "要素“{name}”不在 {first} 中",
        "book_no_rows": "缺少 {first} 中{names}的行",
        "book_player_not_in": "参与者“{name}”不在 {first} 中",
        "book_no_columns": "缺少 {first} 中参与者 {names} 的列",
        "book_same_rater": "评分人“{rater}”也填写了 {other}；请在每个工作簿的 Settings 工作表中写明评分人"
        "（键 'rater'）",
        "book_not_a_workbook": "不是 Excel 工作簿（.xlsx）；请另存为“Excel 工作簿 (.xlsx)”",
        "book_folder": "是文件夹，不是工作簿；请给出 .xlsx 文件的路径",
        "book_not_regular": "不是普通文件（是管道或设备？）；请给出 .xlsx 文件的路径",
        "book_too_large": "工作簿大小：{size}；评分工作簿最大 {limit}",
        "book_more_than": "超过 {size}",
        "book_unpacks": "其各部分解压后达 {unpacked}，超出 {size} 的工作簿所需（上限为文件大小的 {ratio} 倍，最多 "
        "{most}）；文件已损坏，或是压缩炸弹",
        "book_too_many_parts": "含有 {count} 个部件，超过工作簿允许的 {most} 个；文件已损坏，或是压缩炸弹",
        "book_no_sheet": "没有名为“{sheet}”的工作表（现有工作表：{found}）；参见 docs/excel.md",
        "book_chart_sheet": "“{sheet}”工作表是图表，不是单元格；其布局参见 docs/excel.md",
        "book_damaged_sheet": "“{sheet}”工作表已损坏，无法读取；请在 Excel 中打开工作簿并重新保存",
        "book_below": "第 {row} 行以下还有数据：“{sheet}”工作表只读到第 {row} 行（{content}）；请删除或移走超出的部分",
        "book_right": "{column} 列右侧还有数据：“{sheet}”工作表只读到 {column} 列（共 {count} 列，足够 50 个参与者）；"
        "请删除或移走超出的部分",
        "book_rows_factors": "一行表头和最多 {most} 个要素",
        "book_rows_settings": "每行一项设置",
        "book_rows_segments": "一行表头、一行可选的占比和每个要素一行",
        "book_empty_sheet": "“{sheet}”工作表是空的；第一行必须是表头",
        "book_header": "表头行缺少 {missing}；应有 Factor、Category、Source、四项评价标准、每个参与者一列、Note",
        "book_unknown_setting": "未知的设置“{name}”；可用的设置：{allowed}",
        # 命令行（positioning.cli）
        "cli_folder": "无法读取文件夹：{why}",
        "cli_ok": "{path}：通过（{factors} 个要素，{players} 个参与者）",
        "cli_skipped": "{path}：已跳过",
        # 备份与恢复（positioning.store.backup）
        "backup_wrote": "已写入 {path}：{canvases} 个画布（{versions} 个版本、{shares} 个分享链接），"
        "{workshops} 个评分工作坊（{participants} 位参与者、{scores} 个评分），{templates} 个演示文稿模板",
        "backup_restored": "已将 {path} 恢复到 {url}：{canvases} 个画布（{versions} 个版本、{shares} 个分享链接），"
        "{workshops} 个评分工作坊（{participants} 位参与者、{scores} 个评分），{templates} 个演示文稿模板",
        "backup_no_schema": "数据库中没有工作区（没有任何表）；请检查 POSITIONING_DATA 和 DATABASE_URL",
        "backup_old_schema": "数据库的结构版本是 {found}，不是 {head}；请先运行“positioning db upgrade”",
        "backup_cannot_read": "无法读取：{why}",
        "backup_not_regular": "不是普通文件；请给出由“positioning backup”写出的备份文件的路径",
        "backup_not_zip": "不是 zip 文件；请给出由“positioning backup”写出的备份",
        "backup_too_large": "文件大小为 {size}；备份最大为 {limit}",
        "backup_too_many_entries": "压缩包中约有 {count} 个条目；备份最多有 {most} 个",
        "backup_unpacks": "其条目解压后共 {size}，超过备份允许的 {limit}；文件已损坏，或是 zip 炸弹",
        "backup_entry_too_large": "解压后为 {size}，超过此类条目允许的 {limit}；文件已损坏，或是 zip 炸弹",
        "backup_duplicate_entry": "在压缩包中出现了两次；文件已损坏",
        "backup_encrypted": "设有密码；由“positioning backup”写出的备份没有密码",
        "backup_unknown_entry": "不是工作区备份中的条目；该文件不是备份，或已被改动",
        "backup_no_manifest": "没有 manifest.json：不是由“positioning backup”写出的工作区备份",
        "backup_not_ours": "不是“positioning-workspace”：这个 zip 文件不是由“positioning backup”写出的工作区备份",
        "backup_format": "{found} 是此版本的 positioning 无法读取的备份格式（它读取格式 {known}）；"
        "请用写出它的版本来恢复",
        "backup_newer": "{found} 是此版本的 positioning 不认识的数据库结构版本（备份由 positioning {app} 写出）；"
        "请先升级 positioning，再恢复",
        "backup_damaged": "无法从已损坏的压缩包中读取：{why}",
        "backup_not_json": "不是有效的 JSON：{why}",
        "backup_unknown_field": "不是备份中的字段；该文件已被改动",
        "backup_bad_value": "无效：{why}",
        "backup_version_numbers": "版本编号为 {numbers}；版本必须按 1、2、3…… 依次编号，不能有空缺",
        "backup_missing_entry": "压缩包中缺少 {entry}",
        "backup_checksum": "不是备份时的文件（其 SHA-256 与 canvas.json 中记录的不同）；压缩包已损坏，或已被改动",
        "backup_orphan": "没有画布列出此版本：压缩包中缺少 {entry}",
        "backup_duplicate": "同一个 {what} 出现了两次；每个都必须唯一",
        "backup_no_canvas": "备份中没有画布“{canvas}”",
        "backup_no_version": "该画布没有版本 {version}（最新版本是 {latest}）",
        "backup_counts": "与压缩包中的内容不符（{counts}）；文件不完整，或已被改动",
        "backup_not_empty": "数据库不是空的（{tables} 中已有数据）；请恢复到空数据库：将 POSITIONING_DATA "
        "设为新的文件夹，或将 DATABASE_URL 设为新的数据库",
    },
}


# --- background jobs: the jobs panel and the reasons a job stopped (positioning.jobs.tasks) ----------------
_JOB_TABLES: dict[str, dict[str, str]] = {
    "en": {
        "job_cancelled": "Cancelled by you; nothing was kept.",
        "job_worker_lost": "The worker running it stopped ({attempts} attempts). Nothing was kept; try again.",
        "job_unserved": "No worker took it in {hours} hours. Is a worker running (positioning worker)?",
        "job_canvas_gone": "A canvas was deleted before its turn (id {canvas}). Nothing was kept.",
        "job_failed_because": "The export failed: {detail}. Nothing was kept.",
        "job_too_big": "The file would be {size}; the limit is {limit}. Export fewer canvases at a time.",
        "job_unexpected": "Something went wrong on the server, so the job stopped. Nothing was kept; try again.",
        "job_queue_down": "The job queue (Redis) cannot be reached, so the job was not started. Try again soon.",
        "job_requeue_down": "Its worker stopped and the job queue (Redis) was away, so it stopped. Start it again.",
        "jobs_title": "Export many canvases",
        "jobs_hint": "Runs in the background: keep working, or come back later. Files are kept for 24 hours.",
        "jobs_which": "Canvases",
        "jobs_all": "All canvases (or choose some)",
        "jobs_format": "As",
        "jobs_as_png": "PNG pictures (zip)",
        "jobs_as_svg": "SVG pictures (zip)",
        "jobs_as_pdf": "PDF pages (zip)",
        "jobs_as_pptx": "one PowerPoint deck",
        "jobs_start": "Export",
        "jobs_recent": "Recent exports and imports",
        "jobs_none": "No exports or imports yet.",
        "job_what": "{count} canvases as {format}",
        "job_what_one": "1 canvas as {format}",
        "job_state_queued": "Waiting",
        "job_state_running": "Running",
        "job_state_done": "Done",
        "job_state_failed": "Failed",
        "job_state_cancelled": "Cancelled",
        "job_download": "Download",
        "job_cancel": "Cancel",
        "job_remove": "Remove",
        "job_progress": "Progress of {what}",
        "jobs_started": "Export started ({count} canvases). It is listed below.",
        "jobs_busy": "You have {limit} exports or imports waiting or running. Wait for one to end, or cancel one.",
        "jobs_nothing": "There is no canvas to export.",
        "jobs_too_many": "{count} canvases are chosen; one export takes at most {limit}. Choose fewer.",
        "jobs_pick_format": "Choose what to export them as.",
        "jobs_import": "Import a zip of canvas files",
        "jobs_import_hint": "YAML files or scoring workbooks (.yaml, .yml, .xlsx, .xlsm), up to 4 MB zipped",
        "jobs_import_started": "Import started ({count} files). It is listed below.",
        "jobs_import_refused": "Nothing was imported: {detail}",
        "job_import_what": "Import of {name} ({count} files)",
        "job_imported": "{created} canvases made; {refused} files refused (see the report).",
        "job_report": "Report",
        "import_too_big": "{name} is {size}; a zip to import may be at most {limit}",
        "import_not_zip": "{name} is not a zip file that can be read",
        "import_member_unreadable": "is damaged or locked in the zip; zip it again, with no password",
        "import_empty": "{name} holds no canvas file (.yaml, .yml, .xlsx or .xlsm)",
        "import_too_many": "{name} holds {count} canvas files; one import takes at most {limit}",
        "import_unpacks": "{name} unpacks to {size}; at most {limit} in all",
        "import_too_many_entries": "{name} holds {count} entries; a zip to import holds at most {limit}",
        "import_bad_name": "{name} holds '{entry}', which is not a plain relative name (an absolute path, a "
        "backslash, or a '.' or '..' part); zip the files again",
        "import_duplicate_name": "{name} holds '{entry}' twice; the zip is damaged",
        # a deck template (positioning.output.deck_template): the messages start with its name
        "template_cannot_read": "{name}: cannot read the template ({why})",
        "template_too_large": "{name}: the template is over {limit}",
        "template_not_pptx": "{name}: not a PowerPoint file; give a .pptx or .potx template",
        "template_unpacks": "{name}: the template unpacks to {size}, more than the {limit} it may (the file is "
        "damaged or a zip bomb)",
        "template_too_many_parts": "{name}: the template holds {count} parts, more than the {most} it may (the "
        "file is damaged or a zip bomb)",
    },
    "zh": {
        "job_cancelled": "已由你取消，未保留任何文件。",
        "job_worker_lost": "运行它的工作进程已停止（已尝试 {attempts} 次）。未保留任何文件，请重试。",
        "job_unserved": "{hours} 小时内没有工作进程接手。工作进程（positioning worker）在运行吗？",
        "job_canvas_gone": "有一张画布在轮到它之前被删除了（编号 {canvas}）。未保留任何文件。",
        "job_failed_because": "导出失败：{detail}。未保留任何文件。",
        "job_too_big": "文件将有 {size}，上限为 {limit}。请每次少导出几张画布。",
        "job_unexpected": "服务器出错，任务已停止。未保留任何文件，请重试。",
        "job_queue_down": "无法连接任务队列（Redis），任务没有开始。请稍后再试。",
        "job_requeue_down": "运行它的工作进程已停止，且无法连接任务队列（Redis），任务已停止。请重新开始。",
        "jobs_title": "批量导出画布",
        "jobs_hint": "在后台运行：你可以继续工作，或稍后回来。文件保留 24 小时。",
        "jobs_which": "画布",
        "jobs_all": "全部画布（或选择几张）",
        "jobs_format": "格式",
        "jobs_as_png": "PNG 图片（zip）",
        "jobs_as_svg": "SVG 图片（zip）",
        "jobs_as_pdf": "PDF 页面（zip）",
        "jobs_as_pptx": "一份 PowerPoint 演示文稿",
        "jobs_start": "导出",
        "jobs_recent": "最近的导出和导入",
        "jobs_none": "还没有导出或导入。",
        "job_what": "{count} 张画布，{format}",
        "job_what_one": "1 张画布，{format}",
        "job_state_queued": "等待中",
        "job_state_running": "进行中",
        "job_state_done": "已完成",
        "job_state_failed": "失败",
        "job_state_cancelled": "已取消",
        "job_download": "下载",
        "job_cancel": "取消",
        "job_remove": "移除",
        "job_progress": "{what}的进度",
        "jobs_started": "导出已开始（{count} 张画布），见下方列表。",
        "jobs_busy": "你已有 {limit} 个导出或导入在等待或进行中。请等其中一个结束，或取消一个。",
        "jobs_nothing": "没有可导出的画布。",
        "jobs_too_many": "已选择 {count} 张画布；一次导出最多 {limit} 张。请少选几张。",
        "jobs_pick_format": "请选择导出格式。",
        "jobs_import": "导入画布文件的 zip",
        "jobs_import_hint": "YAML 文件或评分工作簿（.yaml、.yml、.xlsx、.xlsm），压缩后最大 4 MB",
        "jobs_import_started": "导入已开始（{count} 个文件），见下方列表。",
        "jobs_import_refused": "没有导入任何内容：{detail}",
        "job_import_what": "导入 {name}（{count} 个文件）",
        "job_imported": "已创建 {created} 张画布；{refused} 个文件被拒绝（见报告）。",
        "job_report": "报告",
        "import_too_big": "{name} 大小为 {size}；要导入的 zip 最大为 {limit}",
        "import_not_zip": "{name} 不是可读取的 zip 文件",
        "import_member_unreadable": "在 zip 中已损坏或设有密码；请不设密码重新压缩",
        "import_empty": "{name} 中没有画布文件（.yaml、.yml、.xlsx 或 .xlsm）",
        "import_too_many": "{name} 中有 {count} 个画布文件；一次导入最多 {limit} 个",
        "import_unpacks": "{name} 解压后为 {size}；总共最多 {limit}",
        "import_too_many_entries": "{name} 含有 {count} 个条目；要导入的 zip 最多含 {limit} 个",
        "import_bad_name": "{name} 中的“{entry}”不是普通的相对名称（绝对路径、反斜杠，或含“.”“..”部分）；"
        "请重新压缩这些文件",
        "import_duplicate_name": "{name} 中“{entry}”出现了两次；该 zip 已损坏",
        "template_cannot_read": "{name}：无法读取模板（{why}）",
        "template_too_large": "{name}：模板超过 {limit}",
        "template_not_pptx": "{name}：不是 PowerPoint 文件；请给出 .pptx 或 .potx 模板",
        "template_unpacks": "{name}：模板解压后为 {size}，超过允许的 {limit}（文件已损坏，或是压缩炸弹）",
        "template_too_many_parts": "{name}：模板含有 {count} 个部件，超过允许的 {most} 个（文件已损坏，或是压缩炸弹）",
    },
}


#: One table per language: key -> wording, with ``{placeholders}`` for str.format.
TEXT: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        code: MappingProxyType(
            {**(ENGLISH if code == DEFAULT_LANGUAGE else {}), **words, **_PROBLEM_TABLES[code], **_JOB_TABLES[code]}
        )
        for code, words in _TABLES.items()
    }
)


#: PyYAML's own words in a syntax error, in each language but English: its English -> ours (a phrase
#: not here is shown as PyYAML wrote it).
_YAML_WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "zh": MappingProxyType(
            {
                "YAML syntax error": "YAML 语法错误",
                "while parsing a block mapping": "解析块映射时",
                "while parsing a block collection": "解析块列表时",
                "while parsing a block node": "解析块节点时",
                "while parsing a flow mapping": "解析行内映射时",
                "while parsing a flow sequence": "解析行内列表时",
                "while parsing a flow node": "解析行内节点时",
                "while parsing a node": "解析节点时",
                "while scanning a simple key": "读取简单键时",
                "while scanning a quoted scalar": "读取带引号的值时",
                "while scanning a plain scalar": "读取普通值时",
                "while scanning a block scalar": "读取块文本时",
                "while scanning an anchor": "读取锚点时",
                "while scanning an alias": "读取别名时",
                "while scanning a tag": "读取标签时",
                "while scanning a directive": "读取指令时",
                "while scanning for the next token": "查找下一个记号时",
                "expected a single document in the stream": "文件中应只有一个文档",
                "but found another document": "却发现了另一个文档",
                "did not find expected key": "找不到应有的键（缩进不对？）",
                "did not find expected node content": "找不到应有的内容",
                "did not find expected '-' indicator": "找不到应有的 '-' 列表标记（缩进不对？）",
                "did not find expected ',' or ']'": "找不到应有的 ',' 或 ']'",
                "did not find expected ',' or '}'": "找不到应有的 ',' 或 '}'",
                "did not find expected comment or line break": "找不到应有的注释或换行",
                "did not find expected alphabetic or numeric character": "找不到应有的字母或数字",
                "did not find expected <document start>": "找不到应有的文档开始标记",
                "could not find expected ':'": "找不到应有的 ':'",
                "mapping values are not allowed in this context": "此处不允许出现映射的值（多了一个冒号？）",
                "block sequence entries are not allowed in this context": "此处不允许出现块列表项",
                "found character that cannot start any token": "发现一个不能出现在此处的字符（制表符？）",
                "found a tab character that violates indentation": "发现一个破坏缩进的制表符",
                "found a tab character where an indentation space is expected": "应为缩进空格处出现了制表符",
                "found undefined alias": "发现未定义的别名",
                "found unexpected end of stream": "文件意外结束",
                "found unknown escape character": "发现未知的转义字符",
                "found unexpected ':'": "发现多余的 ':'",
                "control characters are not allowed": "不允许出现控制字符",
            }
        )
    }
)


def yaml_words(language: str, phrase: str) -> str:
    """A phrase of PyYAML's syntax errors in ``language``; as PyYAML wrote it when there are no words for it."""
    return _YAML_WORDS.get(language, {}).get(phrase, phrase)


def issue_text(issue: Issue, language: str = DEFAULT_LANGUAGE) -> str:
    """A problem the model's rules found, in ``language`` (``str(issue)`` is its English).

    >>> from positioning.core.model import issue
    >>> issue_text(issue("no_level", names=("Us", "Car")), "zh")
    '缺少“Us”、“Car”的水平；每个参与者须恰好有一个水平'
    """
    values = {name: _issue_value(name, value, language) for name, value in issue.values.items()}
    return t(language, f"issue_{issue.key}", **values)


def _issue_value(name: str, value: object, language: str) -> str:
    if name == "hint":
        return t(language, "did_you_mean", name=value) if value else ""
    if name == "what":
        return t(language, f"issue_what_{value}")
    if name == "names" and isinstance(value, tuple):
        return join_names(value, language, quoted=True, most=6)
    if name == "scale" and isinstance(value, tuple):
        return "-".join(_number_text(end) for end in value)
    return _number_text(value)


#: plotly.js's own words on the chart's toolbar and hints, in each language but English
#: (plotly.js's ``config.locales``: its English text -> ours).
_PLOTLY_WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "zh": MappingProxyType(
            {
                "Autoscale": "自动缩放",
                "Compare data on hover": "悬停时比较数据",
                "Double-click on legend to isolate one trace": "双击图例，只看这一条曲线",
                "Double-click to zoom back out": "双击恢复原来的大小",
                "Download plot as a PNG": "下载图表（PNG）",
                "Download plot": "下载图表",
                "Pan": "平移",
                "Reset axes": "重置坐标轴",
                "Show closest data on hover": "悬停时显示最近的数据",
                "Snapshot succeeded": "图片已生成",
                "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载失败！",
                "Taking snapshot - this may take a few seconds": "正在生成图片，可能需要几秒钟",
                "Toggle Spike Lines": "显示或隐藏参考线",
                "Zoom": "缩放",
                "Zoom in": "放大",
                "Zoom out": "缩小",
            }
        )
    }
)


def plotly_locale(language: str) -> dict[str, object]:
    """The ``locale`` and ``locales`` of a plotly.js chart's config, so its toolbar speaks ``language``."""
    words = _PLOTLY_WORDS.get(language)
    if words is None:
        return {"locale": "en"}
    code = HTML_LANG[language]
    return {"locale": code, "locales": {code: {"dictionary": dict(words)}}}


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


def t(language: str, key: str, /, **values: object) -> str:
    """The wording for ``key`` in ``language`` (English when unknown); a :class:`ByteSize` value is
    shown as a size in ``language`` (:func:`~positioning.i18n.sizes.format_size`)."""
    text = TEXT.get(language, TEXT[DEFAULT_LANGUAGE]).get(key) or TEXT[DEFAULT_LANGUAGE][key]
    if not values:
        return text
    return text.format(**{k: format_size(v, language) if isinstance(v, ByteSize) else v for k, v in values.items()})


class _Catalogue:
    """The words of one language, as :func:`positioning.core.messages.render` asks for them."""

    def __init__(self, language: str) -> None:
        self.language = language  # the Catalogue protocol's attribute

    def template(self, key: str) -> str:
        return TEXT.get(self.language, TEXT[DEFAULT_LANGUAGE]).get(key) or TEXT[DEFAULT_LANGUAGE][key]

    def issue(self, issue: Issue) -> str:
        return issue_text(issue, self.language)

    def phrase(self, text: str) -> str:
        return yaml_words(self.language, text)

    def size(self, n_bytes: int) -> str:
        return format_size(n_bytes, self.language)


def words(message: Message, language: str = DEFAULT_LANGUAGE) -> str:
    """A message of the core (:class:`~positioning.core.messages.Message`) in ``language``.

    >>> from positioning.core.messages import say
    >>> words(say("load_too_few", need=2, what=say("load_count_player"), found=1), "zh")
    '至少需要 2 个参与者，现有 1 个'
    """
    return render(message, _Catalogue(language))


def problem_at(source: str, line: int | str | None, path: str, message: Message) -> Problem:
    """A problem with a canvas file whose message is ``message`` (any key of the wording)."""
    return Problem.worded(source, line, path, message, _Catalogue(DEFAULT_LANGUAGE))


def problem_text(found: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """The message of a problem in ``language`` (English when it has no words in it)."""
    return words(found.words, language) if found.words is not None else found.message


def located(found: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """The whole problem on one line in ``language``: where, the field, the message.

    >>> from positioning.core.messages import say
    >>> located(Problem.worded("c.yaml", 12, "top", say("load_missing")), "zh")
    'c.yaml 第 12 行：top：是必填项，但没有给出'
    """
    return locate(found, _Catalogue(language), problem_text(found, language))


class _Refused(Protocol):
    @property
    def problems(self) -> Sequence[Problem]: ...


def error_text(error: CanvasError | _Refused, language: str = DEFAULT_LANGUAGE) -> str:
    """Every problem of ``error`` on a line of its own, in ``language`` (``str(error)`` is the English)."""
    return "\n".join(located(found, language) for found in error.problems)


def every(message: Message | Callable[[str], str]) -> dict[str, str]:
    """A message (or ``message(code)``) in every language: words said in all languages at once (a
    message the page shows in its own language, and in the other after a switch)."""
    if isinstance(message, Message):
        return {code: words(message, code) for code in LANGUAGES}
    return {code: message(code) for code in LANGUAGES}


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


def change_text(change: Change, language: str = DEFAULT_LANGUAGE) -> str:
    """One change in words: ``"Price: Southwest level 2 -> 3"``."""
    return t(
        language,
        f"change_{change.kind}",
        owner=change.owner,
        field=_change_field(change, language),
        old=_change_value(change, change.old, language),
        new=_change_value(change, change.new, language),
    )


def changes_summary(changes: Sequence[Change], language: str = DEFAULT_LANGUAGE, limit: int = 300) -> str:
    """The first change and how many more: a version's one-line summary."""
    if not changes:
        return t(language, "change_none")
    more = len(changes) - 1
    tail = "" if not more else t(language, "change_more_one" if more == 1 else "change_more", n=more)
    return (change_text(changes[0], language) + tail)[:limit]


def _change_field(change: Change, language: str) -> str:
    if change.kind in ("weight", "score"):
        return criterion_label(language, change.field)
    if change.kind in ("scale", "style"):
        return t(language, f"{change.kind}_{change.field}")
    return change.field


def _change_value(change: Change, value: object, language: str) -> str:
    if change.kind == "style" and change.field == "background":
        return t(language, f"background_{value or 'white'}")
    if value is None or value == "" or value == ():
        key = "change_automatic" if change.kind in ("player_color", "style") else "change_unset"
        return t(language, key)
    if change.kind == "category":
        return category_label(language, str(value))
    if change.kind == "source":
        return source_label(language, str(value))
    if change.kind == "better":
        return t(language, f"better_{value}")
    if isinstance(value, list | tuple):
        joiner = "-" if change.kind == "scale" else ", "
        return joiner.join(_number_text(v) for v in value)
    return _number_text(value)


def _number_text(value: object) -> str:
    """A number as written (``0.2``, ``3``), anything else as text."""
    if isinstance(value, float) and not isinstance(value, bool):
        return f"{value:g}"
    return str(value)


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


def diagnosis_summary(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE, hidden: Collection[str] = ()) -> str:
    """The verdict and one plain sentence per trait, naming the peaks and the closest rival (said to be
    hidden when it is one of the competitors ``hidden`` on the chart beside it)."""
    rival = diagnosis.closest_rival
    values = {
        "subject": diagnosis.subject,
        "focus": diagnosis.focus,
        "rival": t(language, "rival_hidden", name=rival) if rival in hidden else rival,
        "divergence": diagnosis.rival_divergence,
        "alignment": diagnosis.alignment,
        "peaks": join_names(diagnosis.peaks, language, most=3),
    }
    suffix = "_importance" if diagnosis.alignment_basis == "importance" and diagnosis.placement != "no_peaks" else ""
    codes = (*diagnosis.findings[:2], diagnosis.findings[2] + suffix)
    findings = (t(language, f"finding_{code}", **values) for code in codes)
    body = t(language, "summary_separator").join(findings)
    return t(language, f"summary_{diagnosis.verdict}") + body + t(language, "summary_end") + _voice(diagnosis, language)


def target_measures(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE) -> list[tuple[str, str, str]]:
    """(measure, today's curve, the target curve) rows, for a canvas with targets; none without."""
    target = diagnosis.target
    if target is None:
        return []
    return [
        (t(language, "verdict"), t(language, diagnosis.verdict), t(language, target.verdict)),
        (t(language, "focus"), f"{diagnosis.focus:.2f}", f"{target.focus:.2f}"),
        (
            t(language, "closest_divergence"),
            f"{diagnosis.rival_divergence:.2f} ({diagnosis.closest_rival})",
            f"{target.divergence[target.closest_rival]:.2f} ({target.closest_rival})",
        ),
        (t(language, "alignment"), f"{diagnosis.alignment:.2f}", f"{target.alignment:.2f}"),
        (
            t(language, "peaks"),
            join_names(diagnosis.peaks, language, most=3) or "—",
            join_names(target.peaks, language, most=3) or "—",
        ),
    ]


def move_rows(diagnosis: Diagnosis) -> list[tuple[str, str, str]]:
    """(factor, today's level, the target with an arrow up or down) for every move."""
    return [(name, f"{level:g}", f"{goal:g} {'▲' if goal > level else '▼'}") for name, level, goal in diagnosis.moves]


def alignment_hint(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE) -> str:
    """What alignment measures, by what it weighs the lead with: the customers' importance or the rank."""
    return t(language, "alignment_hint_importance" if diagnosis.alignment_basis == "importance" else "alignment_hint")


def _voice(diagnosis: Diagnosis, language: str) -> str:
    """What the customer's voice, the targets and step 1 add to the summary (nothing without them)."""
    text = ""
    if diagnosis.over_delivery:
        text += t(language, "voice_over", names=join_names(diagnosis.over_delivery, language, most=4))
    if diagnosis.under_delivery:
        text += t(language, "voice_under", names=join_names(diagnosis.under_delivery, language, most=4))
    best = next((f for f in diagnosis.segments if f.name == diagnosis.best_segment), None)
    if best is not None:
        text += t(language, "voice_best_segment", segment=best.name, alignment=best.alignment)
    if diagnosis.target is not None:
        target = diagnosis.target
        words = t(language, f"verdict_word_{target.verdict}")
        text += t(language, "voice_target", verdict=words, focus=target.focus, alignment=target.alignment)
    if diagnosis.copies_industry:
        text += t(language, "voice_copies")
    return text


def robustness_summary(robustness: Robustness, language: str = DEFAULT_LANGUAGE) -> str:
    """How often the shortlist holds under sampled weights, and the smallest change that breaks it."""
    stability = t(language, "robust_stable" if robustness.stable else "robust_unstable")
    text = t(
        language, "robust_summary", share=robustness.same_shortlist, samples=robustness.samples, stability=stability
    )
    if robustness.panel_resampled:
        text += t(language, "robust_panel")
    if robustness.requested > robustness.samples:
        text += t(language, "robust_cut", requested=robustness.requested)
    return text + " " + smallest_change_text(robustness.smallest_change, language)


def smallest_change_text(change: WeightChange | None, language: str = DEFAULT_LANGUAGE) -> str:
    """``The shortlist changes if Entry barriers rises from 20% to 31%: Speed replaces Price.``"""
    if change is None:
        return t(language, "robust_no_change")
    old = change.before
    moved = sorted(
        (c for c in change.weights if abs(change.weights[c] - old[c]) >= 0.005),
        key=lambda c: -abs(change.weights[c] - old[c]),
    )
    enters, leaves = t(language, "quoted", name=change.enters), t(language, "quoted", name=change.leaves)
    if not moved:  # the tie is already there, or within half a percentage point
        return t(language, "robust_knife_edge", enters=enters, leaves=leaves)
    moves = (
        t(
            language,
            "robust_rises" if change.weights[c] > old[c] else "robust_falls",
            criterion=criterion_label(language, c),
            old=old[c],
            new=change.weights[c],
        )
        for c in moved
    )
    return t(
        language,
        "robust_change",
        moves=join_names(moves, language, conjunction=True),
        enters=enters,
        leaves=leaves,
    )


def panel_summary(panel: Panel, language: str = DEFAULT_LANGUAGE) -> str:
    """The panel's agreement in plain words and its contested factors."""
    text = t(
        language,
        "panel_summary",
        count=len(panel.raters),
        raters=join_names(panel.raters, language, most=6),
        reading=t(language, f"agreement_{agreement_level(panel.agreement)}"),
        w=panel.agreement,
    )
    if panel.contested:
        return text + t(language, "panel_contested", names=join_names(panel.contested, language, most=6))
    return text + t(language, "panel_none_contested")
