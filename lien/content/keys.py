"""Every interface text the code reads, by key: the one list `python -m lien check` holds
content/<lang>/ui*.toml to.

A key the code reads but a language lacks, and a key in a ui file that no code reads (a typo,
or a text left behind), are both problems: "file: key: reason". Each line below is a group
("attachment.map") and the last parts of its keys; tests/test_text_keys.py keeps this list
equal to what the code asks for (app.py, lien/, screens/, bench/ and the templates).
"""

from __future__ import annotations

_DECLARED = """
a11y: app_pages choose_option clear close download_csv fullscreen fullscreen_close heading_link
    hide_password main_menu no_results open press_enter progress running search show_password
    sidebar sidebar_collapse sidebar_expand skip_link
alliance_charts: col_alliance col_figure col_kind col_meaning col_outcome col_part col_source
    col_therapy col_value col_within components_alt components_list components_list_join
    components_list_line components_select components_title
    forest_alt forest_caption forest_ci forest_more_than forest_no_ci forest_patients
    forest_k_data_sources forest_k_samples forest_k_studies forest_title forest_x forest_zero
    kind_claim kind_derived kind_estimate
    kind_measured lambert_alt lambert_caption lambert_expectancy lambert_outside
    lambert_relationship lambert_techniques lambert_title r_alt r_caption r_heading r_line
    r_point r_rest r_share r_share_axis r_slider r_title r_x r_y shares_alliance shares_alt
    shares_caption shares_claim shares_lambert shares_therapist shares_title shares_x
    source_page
app: name page_title
attachment.category: anxious avoidant dismissing disorganized disorganized_controlling
    not_classified preoccupied resistant secure unresolved
attachment.group: adult_aai adult_self_report infant preschool
attachment.map: all_styles alt alt_highlight axis_anxiety axis_avoidance
    behaviours_heading col_anxiety col_avoidance col_kind col_name intro kind_point
    kind_region kind_style loose_match sources strategy style_label style_marker title you
attachment.prevalence: alt alt_study axis_percent claim_disorganized claim_name claim_nearest
    claim_secure col_category col_kind col_n col_percent col_study group_label hover_value
    intro kind_claim kind_measured kind_overlay n_label n_unknown overlay_note show_claims
    single_note sources_caption title
attachment.region: dismissing fearful preoccupied secure
attachment.strategy: avoidant disorganized preoccupied secure
attachment.stress: alt alt_style axis_phase axis_response col_phase col_style col_value intro
    phase_1 phase_2 phase_3 phase_4 response_line responses_heading scenario_label title
attachment.style: avoidant disorganized preoccupied secure
cards: alliance attachment live quiz reflection sources therapy
charts: download_csv illustrative label_value see_data
claim: evidence_label label
follow: chart_data heading more_rows news where
footer: disclaimer sources_link
handout: answer download intro join own questions references talk title
hello: anonymous continue helplines helplines_title kept small_groups title
join: anonymous ask_help ask_submit asked asks_heading back bad_option bad_request bad_text
    bad_words choose closed closed_refused code_label code_submit enough_asks error_title
    foreign full language map_incomplete map_mine map_noscript map_not_test map_point map_scale
    map_send map_what no_cookie no_right_answer open open_help paused paused_refused refresh
    revealed right_answer room saved scale_end scale_help skip submit talk_in_en talk_in_fr
    title too_fast too_large
    too_many_joins unavailable unknown_room unknown_title upvote upvote_label voted votes
    waiting word_label words_help your_answer joins_closed address_full
    one_moment sending busy busy_not_sent
editor: add add_part choose_first close down first_part heading history image_size image_type
    library new_id new_id_help open open_link own_alt own_heading own_id own_image own_notes
    own_text own_title part pdf_done pdf_file pdf_heading pdf_import refused remove restore
    restored save saved search start_from talk up version up_short down_short remove_short
    refused_other talk_title in_language follow_along follow_along_help part_heading part_minutes
    part_title new_part remove_part minutes_of minutes_placeholder minutes_unit minutes_bad
    edit_short edit preview_short preview preview_title preview_open preview_unsaved item_problems
    question_heading question_editing kind kind_choice kind_scale kind_words kind_open
    kind_questions kind_map prompt options correct correct_none scale_points low high words
    fold_plurals explanation results results_default results_live results_after_close
    results_never personal personal_help min_group min_group_empty question_add
    question_update question_added question_updated cancel own_editing own_update own_added
    own_updated own_image_keep own_id_help
import: bad_talk damaged done encrypted missing no_pages no_text not_pdf notes_empty page_failed
    part_title refused too_large too_many_pages unknown_language untitled write_failed
keys: blank col_action col_keys first heading intro last leave name_end name_escape name_home
    name_left name_page_down name_page_up name_right name_space next overview poll_close
    poll_open poll_reveal previous
lang: en fr label
live: address_hint answered answered_mark approve ask_answered ask_approved ask_hidden
    ask_pending chart_alt chart_alt_item chart_axis close cloud_alt db_down delete
    delete_confirm deleted
    export fault_file fault_folder fault_full fewer_than fewer_than_answers form_choice form_map
    form_open form_questions form_scale form_words hide hide_words intro join_at kept_until
    leave map_alt median next no_asks no_question no_right_answer no_texts no_words
    open_question open_room participants pause paused_note phase_closed phase_open
    phase_revealed phase_waiting presenter_only projector qr_alt question_label report
    report_answer report_count report_empty report_kept report_opened report_participants
    report_personal
    report_question report_share report_times report_title report_total report_votes reset
    quadrant_higher_anxiety_higher_avoidance quadrant_higher_anxiety_lower_avoidance
    quadrant_lower_anxiety_higher_avoidance quadrant_lower_anxiety_lower_avoidance
    report_map
    reset_confirm results_after_close results_never results_short resume resume_room reveal
    right_mark room_gone room_line rooms_open screen_no_room screen_pause screen_waiting
    share_right signin_continue signin_done signin_help signin_submit signin_title stored
    text_changed token_label token_short token_short_page token_slow token_wrong
    results_all_hidden blurred_note share_axis join_alert stop_joins reopen_joins joins_stopped
moderate: active approve approve_label asks_heading changed done gone gone_title hide
    hide_label intro make no_room nothing pause paused qr_alt refresh resume revoke revoked room
    running speaker_heading speaker_help status_answered status_approved status_hidden
    status_pending texts_heading title
nav: alliance attachment home live quiz reflection sources therapy
pace: back heading help moment sent sent_title slower speaker_few speaker_heading
    speaker_moment speaker_slower speaker_source too_fast
present: blank exit first handout join_code join_intro join_notes join_scan join_title last next
    notes_title notes_waiting open_notes overview poll_close poll_explanation poll_notes poll_open
    poll_personal_notes
    poll_reveal presenter_only poll_reopen
    previous print print_button print_help print_hint print_notes question_gone sources start
    store_down unknown_talk unknown_talk_title up_next
presenter: contact heading
privacy: brief room
problems: live_fallback live_stale notice_fallback notice_stale
quiz: chart_alt chart_alt_item chart_asked chart_axis chart_missed chart_right chart_title
    chart_topic choose_first choose_first_multiple finish keyboard missed new_round next progress
    progress_done question read_more review_heading review_right review_wrong revisit_heading
    revisit_none right right_answer rule_multiple score score_label score_sentence submit
    topic_alliance topic_corrective topic_frame topic_posture topic_prevalence topic_repair
    topic_stress topic_styles vignette_caveat why_wrong wrong your_answer
reflection: anxiety_high anxiety_low anxiety_middle avoidance_high avoidance_low
    avoidance_middle change clear compared incomplete map_alt map_kind_middle map_middle notice
    private professional progress result_heading scale
safety: button checked_heading checked_intro checked_line cost_free cost_ordinary_rate
    cost_small_fee hours_24_7 line
serve: local_only phones port_busy port_other ready starting stop
signin: here_button here_elsewhere here_expired here_help in_place
start: address_choice advice advice_title check_how check_old check_ok check_phone_ok
    check_phone_title check_qr_alt check_this_computer check_waiting intro loopback
    loopback_how network no_network other_addresses other_device other_device_help phones_at
    projector projector_help public_url remote remote_help room room_manage room_none
    room_open room_resume room_resume_intro room_this signin_needed speaker talk talk_label
    talk_line title
sources: consulted link measure sample status_claim status_secondary topic_alliance
    topic_dimensions topic_prevalence topic_source_page
speaker: bad_address blank col_actual col_part col_planned jump now phone phone_hint
    phone_qr_alt planned restart screen_blank size size_l size_m size_s size_xl talk_gone
    token_needed unblank
therapy_charts: alliance_label col_event col_session col_strength event_repair event_rupture
    event_unrepaired repair_alt repair_caption repair_label repair_title repair_x rupture_alt
    rupture_confrontation rupture_kind rupture_line rupture_outcome_no_repair
    rupture_outcome_repair rupture_repair rupture_title rupture_withdrawal rupture_x rupture_y
"""


def _keys(declared: str) -> frozenset[str]:
    keys: set[str] = set()
    group = ""
    for line in declared.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            group, _, line = line.partition(":")
        keys.update(f"{group}.{name}" for name in line.split())
    return frozenset(keys)


TEXT_KEYS: frozenset[str] = _keys(_DECLARED)
