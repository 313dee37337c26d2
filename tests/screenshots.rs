//! `rapport screenshots` drives the real app, in a real window under Xvfb on the software
//! renderer, through every screen in English, Arabic and Persian; it also checks right-to-left
//! glyph order on a laid-out Arabic line and exits non-zero if that fails. It runs as installed:
//! from a prefix of its own, with the source tree out of reach, so fonts, sounds, tables and
//! scenarios must all come from the binary.
#![cfg(all(feature = "app", feature = "dev"))]

#[path = "support/installed.rs"]
mod installed;

use installed::Installed;

#[test]
fn every_screen_renders_in_english_arabic_and_persian() {
    let installed = Installed::new();
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().display().to_string();
    let bin = installed.bin.display().to_string();
    let out = installed
        .command(
            Some("xvfb-run"),
            &[
                "-a",
                "-s",
                "-screen 0 1280x720x24",
                &bin,
                "screenshots",
                &out_dir,
            ],
        )
        .env("WGPU_BACKEND", "vulkan")
        .output()
        .expect("xvfb-run is installed (scripts/os-deps.sh test installs it)");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the screenshot tour failed:\n{log}");
    assert!(log.contains("right-to-left check passed"), "{log}");
    for lang in rapport::locale::Lang::ALL {
        for screen in rapport::app::SCREENSHOTS {
            let path = dir.path().join(format!("{screen}-{lang}.png"));
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{}", path.display());
            let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
            let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
            assert_eq!((width, height), (1280, 720), "{}", path.display());
            // A blank frame compresses to almost nothing; a drawn screen does not.
            assert!(
                bytes.len() > 20_000,
                "{} looks empty ({} bytes)",
                path.display(),
                bytes.len()
            );
        }
    }
}
