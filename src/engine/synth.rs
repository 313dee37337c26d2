//! Synthetic scenarios for benchmarks and property tests: written as RON source, so they go
//! through exactly the loader trainers' files go through.

use std::fmt::Write;

/// `layers` steps in a row, each offering `width` choices that all lead to the next step, so a
/// run has `width^layers` routes (more with cutting in). Choice `k` upholds `listen` by `k`
/// points and breaks `honest-promises` by `width - 1 - k`: the best route always takes the last
/// choice, the worst the first.
pub fn layered(layers: usize, width: usize) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"Scenario(id: "layered-{layers}x{width}", title: "Layered", briefing: "Synthetic", channel: Phone,
  function: HandlingProblem, difficulty: 1, minutes: 1,
  customer: (names: ["Sam"], mood: (50, 50)),
  start: "n0",
  nodes: [
"#
    );
    for i in 0..layers {
        let _ = write!(
            s,
            "    Step(id: \"n{i}\", lines: [(id: \"l{i}\", text: \"Line {i}\", seconds: 1)], choices: ["
        );
        for k in 0..width {
            let mut rules = Vec::new();
            if k > 0 {
                rules.push(format!(
                    "Upholds(rule: \"listen\", points: {k}, why: \"up\")"
                ));
            }
            if width - 1 - k > 0 {
                rules.push(format!(
                    "Breaks(rule: \"honest-promises\", points: {}, why: \"down\")",
                    width - 1 - k
                ));
            }
            let next = if i + 1 == layers {
                "end".to_owned()
            } else {
                format!("n{}", i + 1)
            };
            let _ = write!(
                s,
                "(id: \"c{k}\", text: \"Choice {k}\", rules: [{}], goto: \"{next}\"), ",
                rules.join(", ")
            );
        }
        s.push_str("]),\n");
    }
    s.push_str("    Ending(id: \"end\", outcome: Retained, summary: \"Done\"),\n  ],\n)\n");
    s
}

/// A realistic-looking scenario of about `nodes` nodes, with lines in three languages,
/// silences, conditions and a test-free body, for library-scale benchmarks.
pub fn library_scenario(index: usize, nodes: usize) -> String {
    let steps = nodes.saturating_sub(2).max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"Scenario(
    id: "generated-{index}",
    title: {{"en": "Generated scenario {index}", "ar": "سيناريو مولَّد {index}", "fa": "سناریوی ساخته‌شده {index}"}},
    briefing: {{"en": "A long, winding conversation.", "ar": "محادثة طويلة متشعبة.", "fa": "گفتگویی طولانی و پرپیچ‌وخم."}},
    channel: LiveChat,
    function: HandlingProblem,
    difficulty: 3,
    minutes: 10,
    tags: ["generated"],
    customer: (names: [{{"en": "Sam", "ar": "سام", "fa": "سام"}}], details: {{"order": Number(1000, 9999)}}, mood: (40, 60)),
    start: "s0",
    patience_out: "lost",
    nodes: [
"#
    );
    for i in 0..steps {
        let next = |d: usize| {
            if i + d < steps {
                format!("s{}", i + d)
            } else {
                "won".to_owned()
            }
        };
        let _ = write!(
            s,
            r#"        Step(
            id: "s{i}",
            lines: [(id: "line-{i}", text: {{"en": "Order {{order}}: step {i} of the conversation.", "ar": "الطلب {{order}}: الخطوة {i} من المحادثة.", "fa": "سفارش {{order}}: مرحله {i} از گفتگو."}}, seconds: 3)],
            choices: [
                (id: "good", text: {{"en": "The right thing", "ar": "التصرف الصحيح", "fa": "کار درست"}}, patience: 5, set: {{"kind": 1}}, rules: [Upholds(rule: "listen", points: 2, why: {{"en": "Good", "ar": "جيد", "fa": "خوب"}})], goto: "{a}"),
                (id: "bad", text: {{"en": "The wrong thing", "ar": "التصرف الخاطئ", "fa": "کار نادرست"}}, patience: -10, rules: [Breaks(rule: "honest-promises", points: 2, why: {{"en": "Bad", "ar": "سيئ", "fa": "بد"}})], goto: "{b}"),
                (id: "kind", text: {{"en": "A kindness", "ar": "لطف", "fa": "مهربانی"}}, when: Is("kind", 1), rules: [Upholds(rule: "customer-first", points: 1, why: {{"en": "Kind", "ar": "لطيف", "fa": "مهربان"}})], goto: "{a}"),
            ],
            silence: (after: 20, goto: "{b}", patience: -20, rules: [Breaks(rule: "contact", points: 1, why: {{"en": "Silent", "ar": "صامت", "fa": "ساکت"}})]),
        ),
"#,
            a = next(1),
            b = next(2),
        );
    }
    s.push_str(
        r#"        Ending(id: "won", outcome: Retained, summary: {"en": "Kept", "ar": "محتفظ به", "fa": "حفظ شد"}),
        Ending(id: "lost", outcome: Lost, summary: {"en": "Lost", "ar": "مفقود", "fa": "از دست رفت"}),
    ],
)
"#,
    );
    s
}
