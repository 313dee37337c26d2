//! Bad input from trainers: every case gives a diagnostic at a file, line and column, never a
//! panic, and one broken scenario never stops the others from loading.

use rapport::engine::load::{MAX_FILE_BYTES, default_rulebook, load_scenario_str};
use rapport::engine::{Diagnostic, Severity, load_library};
use std::sync::Arc;

const GOOD: &str = r#"Scenario(
    id: "good",
    title: {"en": "Good", "ar": "جيد"},
    briefing: "Brief",
    channel: Phone,
    function: HandlingProblem,
    difficulty: 1,
    minutes: 2,
    customer: (names: [(name: "Ann", gender: Female)]),
    start: "greet",
    nodes: [
        Step(
            id: "greet",
            lines: [(id: "hello", text: "Hello", seconds: 1, voice: "voice/hello.wav")],
            choices: [
                (id: "answer", text: "Hi", rules: [Upholds(rule: "listen", points: 1, why: "ok")], goto: "end"),
            ],
            silence: (after: 10, goto: "gone"),
        ),
        Ending(id: "end", outcome: Retained, summary: "Done"),
        Ending(id: "gone", outcome: Lost, summary: "Gone"),
    ],
)
"#;

fn diagnostics(src: &str) -> Vec<Diagnostic> {
    let book = Arc::new(default_rulebook());
    load_scenario_str("bad.ron", src, &book).diagnostics
}

/// The single error a source produces, and the text of the line it points at.
fn one_error(src: &str) -> (Diagnostic, String) {
    let errors: Vec<Diagnostic> = diagnostics(src)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    let d = errors.into_iter().next().unwrap();
    let line = src.lines().nth(d.line - 1).unwrap().to_owned();
    assert_eq!(d.source_line.as_deref(), Some(line.trim_end()));
    (d, line)
}

#[test]
fn the_good_scenario_is_good() {
    assert!(diagnostics(GOOD).is_empty(), "{:#?}", diagnostics(GOOD));
}

#[test]
fn malformed_ron_is_placed_where_it_breaks() {
    let src = GOOD.replace("minutes: 2,", "minutes: 2");
    let (d, line) = one_error(&src);
    assert!(line.contains("customer"), "{d}");
}

#[test]
fn unknown_fields_are_named() {
    let src = GOOD.replace("difficulty: 1,", "difficulty: 1,\n    dificulty: 2,");
    let (d, line) = one_error(&src);
    assert!(d.message.contains("dificulty"), "{d}");
    assert!(line.contains("dificulty"));
}

#[test]
fn missing_fields_are_named() {
    let src = GOOD.replace("    minutes: 2,\n", "");
    let (d, _) = one_error(&src);
    assert!(d.message.contains("minutes"), "{d}");
}

#[test]
fn a_choice_leading_nowhere_points_at_its_goto_and_suggests_a_node() {
    let src = GOOD.replace("goto: \"end\"", "goto: \"ned\"");
    let (d, line) = one_error(&src);
    assert!(line.contains("goto: \"ned\""), "{d}");
    assert!(d.message.contains("did you mean `end`"), "{d}");
    assert_eq!(d.column, line.find("goto").unwrap() + 1);
}

#[test]
fn unknown_rule_ids_are_rejected_with_the_known_ones() {
    let src = GOOD.replace("rule: \"listen\"", "rule: \"listening\"");
    let (d, line) = one_error(&src);
    assert!(line.contains("\"listening\""), "{d}");
    assert!(d.message.contains("did you mean `listen`"), "{d}");
    assert!(d.message.contains("honest-promises"), "{d}");
}

#[test]
fn duplicate_node_ids_point_at_the_second() {
    let src = GOOD.replace(
        "        Ending(id: \"end\"",
        "        Ending(id: \"greet\", outcome: Lost, summary: \"x\"),\n        Ending(id: \"end\"",
    );
    let (d, line) = one_error(&src);
    assert!(d.message.contains("used twice"), "{d}");
    assert!(line.contains("Ending(id: \"greet\""), "{d}");
}

#[test]
fn duplicate_choice_ids_are_rejected() {
    let src = GOOD.replace(
        "(id: \"answer\", text: \"Hi\"",
        "(id: \"answer\", text: \"Yo\", goto: \"end\"),\n                (id: \"answer\", text: \"Hi\"",
    );
    let (d, _) = one_error(&src);
    assert!(
        d.message.contains("choice id `answer` is used twice"),
        "{d}"
    );
}

#[test]
fn a_loop_with_no_choice_is_an_error() {
    let src = GOOD.replace(
        "        Ending(id: \"end\"",
        "        Step(id: \"spin\", lines: [(id: \"a\", text: \"a\")], next: \"spin2\"),\n        Step(id: \"spin2\", next: \"spin\"),\n        Ending(id: \"end\"",
    );
    let errors: Vec<Diagnostic> = diagnostics(&src)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("no choice for the trainee, forever")),
        "{errors:#?}"
    );
}

#[test]
fn a_loop_that_changes_nothing_is_an_error_but_one_that_makes_progress_is_not() {
    let looping = GOOD.replace(
        "(id: \"answer\", text: \"Hi\"",
        "(id: \"again\", text: \"Say again?\", goto: \"greet\"),\n                (id: \"answer\", text: \"Hi\"",
    );
    let (d, _) = one_error(&looping);
    assert!(d.message.contains("forever with nothing changing"), "{d}");
    let bounded = GOOD.replace(
        "(id: \"answer\", text: \"Hi\"",
        "(id: \"again\", text: \"Say again?\", when: Below(\"asked\", 2), add: {\"asked\": 1}, goto: \"greet\"),\n                (id: \"answer\", text: \"Hi\"",
    );
    assert!(
        diagnostics(&bounded).is_empty(),
        "{:#?}",
        diagnostics(&bounded)
    );
}

#[test]
fn asset_paths_may_not_leave_the_assets_folder() {
    for bad in ["../../etc/passwd", "/etc/passwd"] {
        let src = GOOD.replace("voice/hello.wav", bad);
        let (d, line) = one_error(&src);
        assert!(line.contains("voice:"), "{d}");
        assert!(d.message.contains("voice clip"), "{d}");
    }
}

#[test]
fn unknown_placeholders_are_errors() {
    let src = GOOD.replace("text: \"Hello\"", "text: \"Hello {nmae}\"");
    let (d, line) = one_error(&src);
    assert!(d.message.contains("{nmae}"), "{d}");
    assert!(line.contains("{nmae}"));
}

#[test]
fn unreachable_nodes_and_missing_translations_are_warnings() {
    let src = GOOD.replace(
        "        Ending(id: \"end\"",
        "        Ending(id: \"orphan\", outcome: Lost, summary: {\"en\": \"x\"}),\n        Ending(id: \"end\"",
    );
    let all = diagnostics(&src);
    assert!(
        all.iter().all(|d| d.severity == Severity::Warning),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|d| d.message.contains("`orphan` cannot be reached"))
    );
    assert!(
        all.iter()
            .any(|d| d.message.contains("no `ar` translation"))
    );
}

#[test]
fn a_failing_test_plan_is_an_error_at_the_plan() {
    let src = GOOD.replace(
        "    ],\n)\n",
        "    ],\n    tests: [(name: \"wrong score\", steps: [\"answer\"], ending: \"end\", score: 50)],\n)\n",
    );
    let (d, line) = one_error(&src);
    assert!(d.message.contains("scores 100, not 50"), "{d}");
    assert!(line.contains("wrong score"));
}

#[test]
fn a_test_plan_with_an_unknown_step_names_the_step() {
    let src = GOOD.replace(
        "    ],\n)\n",
        "    ],\n    tests: [(name: \"typo\", steps: [\"anwser\"], ending: \"end\")],\n)\n",
    );
    let (d, _) = one_error(&src);
    assert!(
        d.message.contains("step 1") && d.message.contains("anwser"),
        "{d}"
    );
}

#[test]
fn a_hundred_thousand_nodes_is_refused_without_a_panic() {
    let mut nodes = String::new();
    for i in 0..100_000 {
        nodes.push_str(&format!("Step(id:\"n{i}\",next:\"n{}\"),", i + 1));
    }
    let src = GOOD.replace("    nodes: [\n", &format!("    nodes: [\n{nodes}\n"));
    let (d, _) = one_error(&src);
    assert!(d.message.contains("100003 nodes"), "{d}");
}

#[test]
fn deep_nesting_is_refused_without_a_panic() {
    let deep = format!("{}Is(\"x\", 1){}", "Not(".repeat(5000), ")".repeat(5000));
    let src = GOOD.replace(
        "(id: \"answer\", text: \"Hi\",",
        &format!("(id: \"answer\", text: \"Hi\", when: {deep},"),
    );
    let errors: Vec<Diagnostic> = diagnostics(&src)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

#[test]
fn huge_and_non_utf8_files_get_a_diagnostic_and_the_rest_still_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-good.ron"), GOOD).unwrap();
    let huge = std::fs::File::create(dir.path().join("b-huge.ron")).unwrap();
    huge.set_len(50 * 1024 * 1024).unwrap();
    std::fs::write(
        dir.path().join("c-latin1.ron"),
        b"Scenario(id: \"caf\xe9\")",
    )
    .unwrap();
    std::fs::write(dir.path().join("d-broken.ron"), "Scenario(").unwrap();
    std::fs::write(dir.path().join("e-same-id.ron"), GOOD).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a scenario").unwrap();

    let lib = load_library(&[dir.path().to_path_buf()], None);
    assert_eq!(lib.entries.len(), 5);
    let ids: Vec<&str> = lib.scenarios().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["good"]);
    let by_file = |name: &str| {
        &lib.entries
            .iter()
            .find(|e| e.path.ends_with(name))
            .unwrap()
            .diagnostics
    };
    assert!(
        by_file("b-huge.ron")[0].message.contains("limited to"),
        "{:?}",
        by_file("b-huge.ron")
    );
    const { assert!(MAX_FILE_BYTES < 50 * 1024 * 1024) };
    let latin = &by_file("c-latin1.ron")[0];
    assert!(
        latin.message.contains("UTF-8") && latin.column == 18,
        "{latin}"
    );
    assert!(by_file("d-broken.ron")[0].is_error());
    let dup = &by_file("e-same-id.ron")[0];
    assert!(
        dup.message.contains("already used by") && dup.line == 2,
        "{dup}"
    );
}

#[test]
fn a_broken_company_rulebook_is_reported_and_the_default_stands_in() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.ron"), GOOD).unwrap();
    std::fs::write(
        dir.path().join("rulebook.ron"),
        "(\n  rules: [(id: \"refunds\", title: \"Refunds\", explanation: \"x\", example: \"y\")],\n  reweight: {\"lisen\": 2.0},\n)\n",
    )
    .unwrap();
    let lib = load_library(&[dir.path().to_path_buf()], None);
    let d = &lib.rulebook_diagnostics[0];
    assert!(d.path.ends_with("rulebook.ron") && d.line == 3, "{d}");
    assert!(d.message.contains("lisen"), "{d}");
    assert_eq!(lib.scenarios().count(), 1);
    assert!(lib.rulebook.rule("refunds").is_none());
}

#[test]
fn a_company_rulebook_beside_the_scenarios_adds_rules_they_can_use() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.ron"),
        GOOD.replace("rule: \"listen\"", "rule: \"refunds\""),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("rulebook.ron"),
        "(rules: [(id: \"refunds\", title: \"Refunds\", explanation: \"x\", example: \"y\", weight: 2)], reweight: {\"listen\": 3})",
    )
    .unwrap();
    let lib = load_library(&[dir.path().to_path_buf()], None);
    assert!(
        lib.diagnostics().next().is_none(),
        "{:?}",
        lib.diagnostics().collect::<Vec<_>>()
    );
    assert_eq!(lib.rulebook.weight("listen"), 3.0);
    assert_eq!(lib.scenarios().count(), 1);
}

#[test]
fn a_voice_clip_missing_from_assets_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("assets/voice")).unwrap();
    std::fs::create_dir_all(dir.path().join("scenarios")).unwrap();
    std::fs::write(dir.path().join("scenarios/good.ron"), GOOD).unwrap();
    let lib = load_library(&[dir.path().join("scenarios")], None);
    let warnings: Vec<_> = lib.diagnostics().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].severity == Severity::Warning
            && warnings[0].message.contains("voice/hello.wav"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0]
            .source_line
            .as_deref()
            .unwrap()
            .contains("voice:")
    );
    std::fs::write(dir.path().join("assets/voice/hello.wav"), b"RIFF").unwrap();
    assert_eq!(
        load_library(&[dir.path().join("scenarios")], None)
            .diagnostics()
            .count(),
        0
    );
}

/// A text's gender forms go wrong in three ways, each placed at the selector: a selector
/// nobody can agree with, a missing form, and a form in a language that does not need one.
#[test]
fn gender_forms_are_checked_where_they_are_written() {
    let with = |text: &str| {
        GOOD.replace(
            r#"text: "Hi", rules"#,
            &format!(r#"text: {{"en": "Hi", "ar": "{text}"}}, rules"#),
        )
    };
    let (d, line) = one_error(&with("{client: male=أهلاً | female=أهلاً}"));
    assert!(
        d.message.contains("`{client:`") && d.message.contains("customer"),
        "{d}"
    );
    let at = line.find("{client").unwrap();
    assert_eq!(d.column, line[..at].chars().count() + 1, "{d}");
    let (d, _) = one_error(&with("{customer: male=تفضل}"));
    assert!(d.message.contains("no `female=` form"), "{d}");
    let (d, _) = one_error(&with("{agent: male=آسف | femal=آسفة}"));
    assert!(d.message.contains("did you mean `female`"), "{d}");
    // Persian needs no gender forms: a warning, at the selector.
    let persian = GOOD.replace(
        r#"text: "Hi", rules"#,
        r#"text: {"en": "Hi", "fa": "{customer: male=سلام | female=سلام}"}, rules"#,
    );
    let warned: Vec<Diagnostic> = diagnostics(&persian)
        .into_iter()
        .filter(|d| d.severity == Severity::Warning && d.message.contains("Persian"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:#?}");
    let line = persian.lines().nth(warned[0].line - 1).unwrap();
    assert!(line.contains("{customer: male=سلام"), "{line}");
}

#[test]
fn an_unknown_gender_and_a_pinned_order_without_choices_are_placed() {
    let (d, line) = one_error(&GOOD.replace("gender: Female", "gender: Femme"));
    assert!(line.contains("Femme"), "{d}");
    let src = GOOD.replace(
        "        Ending(id: \"end\"",
        "        Step(id: \"aside\", order: Pinned, lines: [(id: \"x\", text: \"…\")], next: \"end\"),\n        Ending(id: \"end\"",
    );
    let errors: Vec<Diagnostic> = diagnostics(&src)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let line = src.lines().nth(errors[0].line - 1).unwrap();
    assert!(line.contains("order: Pinned"), "{}", errors[0]);
    assert!(errors[0].message.contains("no choices"), "{}", errors[0]);
}

/// A step the customer waits at forever, and a lost customer who passes, are both flagged.
#[test]
fn a_step_without_silence_warns_unless_it_is_untimed() {
    let waits = GOOD.replace("            silence: (after: 10, goto: \"gone\"),\n", "");
    let warned: Vec<Diagnostic> = diagnostics(&waits)
        .into_iter()
        .filter(|d| d.message.contains("wait forever"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:#?}");
    assert_eq!(warned[0].severity, Severity::Warning);
    let untimed = GOOD.replace(
        "            silence: (after: 10, goto: \"gone\"),\n",
        "            untimed: true,\n",
    );
    assert!(
        !diagnostics(&untimed)
            .iter()
            .any(|d| d.message.contains("wait forever")),
        "{:#?}",
        diagnostics(&untimed)
    );
}

/// `{address}` is the vocative form («أستاذة منى»): fine where the agent speaks to the customer,
/// a warning in Arabic narration, where it reads «اتصلت أستاذة منى».
#[test]
fn the_address_form_in_arabic_narration_is_a_warning() {
    let src = GOOD
        .replace(
            "summary: \"Done\"",
            "summary: {\"en\": \"{address} was pleased.\", \"ar\": \"سُرّ {address} بالرد.\"}",
        )
        .replace(
            "text: \"Hi\"",
            "text: {\"en\": \"Hi, {address}\", \"ar\": \"أهلاً {address}\"}",
        );
    let warned: Vec<Diagnostic> = diagnostics(&src)
        .into_iter()
        .filter(|d| d.message.contains("`{address}` in Arabic narration"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:#?}");
    assert!(warned[0].source_line.as_deref().unwrap().contains("سُرّ"));
}

/// «يا» is a word: the end of «زوايا» before «ال» is not a vocative.
#[test]
fn a_word_ending_in_ya_before_al_is_not_a_vocative() {
    let src = GOOD.replace(
        "text: \"Hi\"",
        "text: {\"en\": \"Hi\", \"ar\": \"انظر إلى زوايا الزجاج، ثم يا الله.\"}",
    );
    let vocatives: Vec<Diagnostic> = diagnostics(&src)
        .into_iter()
        .filter(|d| d.message.contains("vocative"))
        .collect();
    assert_eq!(vocatives.len(), 1, "only «يا الله»: {vocatives:#?}");
    assert!(vocatives[0].message.contains("«يا الله»"));
}

/// A plan's score of exactly x.5 may be written rounded either way.
#[test]
fn a_test_plan_may_round_a_half_point_either_way() {
    // 1 point upheld and 7 broken: 12.5.
    let src = GOOD.replace(
        "rules: [Upholds(rule: \"listen\", points: 1, why: \"ok\")]",
        "rules: [Upholds(rule: \"listen\", points: 1, why: \"ok\"), Breaks(rule: \"listen\", points: 7, why: \"no\")]",
    );
    let with = |score: u32| {
        src.replace(
            "    ],\n)\n",
            &format!("    ],\n    tests: [(name: \"half\", steps: [\"answer\"], ending: \"end\", score: {score})],\n)\n"),
        )
    };
    let score = |src: &str| {
        let book = Arc::new(default_rulebook());
        let loaded = load_scenario_str("s.ron", src, &book);
        let (run, _) =
            rapport::engine::play_steps(loaded.scenario.clone().unwrap(), book, 0, &["answer"])
                .unwrap();
        run.result().unwrap().score
    };
    let exact = score(&with(0));
    assert_eq!(exact.fract(), 0.5, "the fixture scores a half: {exact}");
    for written in [exact.floor() as u32, exact.ceil() as u32] {
        let errors: Vec<Diagnostic> = diagnostics(&with(written))
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{written}: {errors:#?}");
    }
    let off: Vec<Diagnostic> = diagnostics(&with(exact.ceil() as u32 + 1))
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(off.len(), 1);
}
