//! Speed targets of the scenario engine (figures in docs/benchmarks.md):
//! - `check` of 1,000 scenarios × 50 nodes within 1.5× of merely parsing them with `ron`;
//! - `analyze` of a scenario with more than 10^9 routes in under 50 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::engine::analysis::analyze;
use rapport::engine::load::{default_rulebook, load_scenario_str, parse_scenario};
use rapport::engine::load_library;
use rapport::engine::synth::{layered, library_scenario};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

fn library_dir() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let files = (0..1000)
        .map(|i| {
            let path = dir.path().join(format!("generated-{i:04}.ron"));
            std::fs::write(&path, library_scenario(i, 50)).unwrap();
            path
        })
        .collect();
    (dir, files)
}

fn check_vs_parse(c: &mut Criterion) {
    let (dir, files) = library_dir();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    eprintln!(
        "library: {} files, {:.1} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    let lib = load_library(&[dir.path().to_path_buf()], None);
    assert_eq!(
        lib.scenarios().count(),
        1000,
        "{:?}",
        lib.diagnostics().next()
    );
    assert_eq!(lib.scenarios().next().unwrap().nodes.len(), 50);

    let mut group = c.benchmark_group("library-1000x50");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("parse-only (read + ron into the model)", |b| {
        b.iter(|| {
            for f in &files {
                let src = std::fs::read_to_string(f).unwrap();
                black_box(parse_scenario("x", &src).unwrap());
            }
        })
    });
    group.bench_function("rapport check", |b| {
        b.iter(|| black_box(rapport::cli::check_report_json(&[dir.path().to_path_buf()])))
    });
    group.finish();
}

fn analyze_billion(c: &mut Criterion) {
    let book = Arc::new(default_rulebook());
    let src = layered(30, 2);
    let scenario = load_scenario_str("layered.ron", &src, &book)
        .scenario
        .unwrap();
    let a = analyze(&scenario, &book).unwrap();
    assert!(a.paths >= 1_000_000_000);
    eprintln!("layered 30x2: {} routes, {} states", a.paths, a.states);
    let mut group = c.benchmark_group("analyze-10^18-routes");
    group.bench_function("analyze", |b| {
        b.iter(|| black_box(analyze(&scenario, &book).unwrap()))
    });
    group.bench_function("load + analyze", |b| {
        b.iter(|| {
            let s = load_scenario_str("layered.ron", &src, &book)
                .scenario
                .unwrap();
            black_box(analyze(&s, &book).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, check_vs_parse, analyze_billion);
criterion_main!(benches);
