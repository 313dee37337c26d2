//! egui for the charts and the trainer's tables, and only there.
//!
//! egui exists only on the screens that draw with it: they spawn an `egui_camera` and its
//! context goes with it when the screen is left. On those screens egui must not keep the app
//! awake: bevy_egui 0.42 feeds egui a `ModifiersChanged` event on every frame, egui answers any
//! input event with an immediate repaint, and bevy_egui turns that into another frame — 170% of
//! a core while nothing happens. `quiet_modifiers` drops the event unless the modifiers did
//! change.
//!
//! egui lays text out left to right and has no bidi: strings that may hold Arabic or Persian go
//! through `visual` first, which puts their words in display order (egui still shapes the
//! letters of each word itself).

use super::{Prefs, Screen};
use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraOutputMode, ClearColorConfig};
use bevy::prelude::*;
use bevy::render::render_resource::BlendState;
use bevy_egui::{
    EguiContext, EguiGlobalSettings, EguiInput, EguiInputSet, EguiPlugin, EguiPreUpdateSet,
    PrimaryEguiContext, egui,
};
use unicode_bidi::BidiInfo;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(EguiPlugin::default());
    app.insert_resource(EguiGlobalSettings {
        auto_create_primary_context: false,
        ..default()
    });
    app.add_systems(Update, set_up_new_contexts);
    app.add_systems(
        PreUpdate,
        quiet_modifiers
            .after(EguiInputSet::WriteEguiEvents)
            .before(EguiPreUpdateSet::BeginPass),
    );
}

/// Keeps egui's `ModifiersChanged` only when the modifier keys actually changed.
fn quiet_modifiers(mut inputs: Query<(&mut EguiInput, &mut LastModifiers)>) {
    for (mut input, mut last) in &mut inputs {
        let events = &mut input.0.events;
        events.retain(|e| match e {
            egui::Event::ModifiersChanged(m) if Some(*m) == last.0 => false,
            egui::Event::ModifiersChanged(m) => {
                last.0 = Some(*m);
                true
            }
            _ => true,
        });
    }
}

/// The modifier keys egui was last told about, per context.
#[derive(Component, Default)]
pub struct LastModifiers(Option<egui::Modifiers>);

/// A camera drawing only egui, above the screen's Bevy UI, gone when `screen` is left.
pub fn egui_camera(screen: Screen) -> impl Bundle {
    (
        Camera2d,
        // It draws nothing of the world: only egui, blended over what the UI camera drew.
        RenderLayers::none(),
        Camera {
            order: 1,
            output_mode: CameraOutputMode::Write {
                blend_state: Some(BlendState::ALPHA_BLENDING),
                clear_color: ClearColorConfig::None,
            },
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
        PrimaryEguiContext,
        LastModifiers::default(),
        DespawnOnExit(screen),
    )
}

/// The bundled font (Latin, Arabic and Persian in one) and the app's colours, for each new
/// context.
fn set_up_new_contexts(mut contexts: Query<&mut EguiContext, Added<EguiContext>>) {
    for mut context in &mut contexts {
        let ctx = context.get_mut();
        let mut fonts = egui::FontDefinitions::default();
        fonts
            .font_data
            .insert("vazirmatn".into(), std::sync::Arc::clone(bundled_font()));
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .insert(0, "vazirmatn".into());
        }
        ctx.set_fonts(fonts);
        ctx.set_visuals(egui::Visuals::dark());
    }
}

/// The bundled font, made once however often a screen with egui opens.
fn bundled_font() -> &'static std::sync::Arc<egui::FontData> {
    static FONT: std::sync::OnceLock<std::sync::Arc<egui::FontData>> = std::sync::OnceLock::new();
    FONT.get_or_init(|| std::sync::Arc::new(egui::FontData::from_static(super::theme::REGULAR)))
}

/// egui's text size for the trainee's text-size setting.
pub fn text_scale(ctx: &egui::Context, prefs: &Prefs) {
    ctx.set_zoom_factor(prefs.text_scale);
}

/// `s` as egui should get it, for display as one run of glyphs (a plot legend, anything that
/// takes a plain string).
///
/// egui shapes each run of text in one direction, guessed from its first letter, and has no
/// bidi: a run that starts with Arabic is shaped right to left as a whole, numbers and Latin
/// words included. So a right-to-left paragraph goes in logical order with its left-to-right
/// pieces pre-reversed (the shaper turns them back). A left-to-right paragraph holding Arabic
/// cannot be shown right as one run: use `bidi` for those.
pub fn bidi_plain(s: &str, rtl: bool) -> String {
    if !s.chars().any(is_rtl_char) {
        return s.to_owned();
    }
    let info = BidiInfo::new(s, Some(direction(rtl)));
    let mut out = String::with_capacity(s.len());
    for para in &info.paragraphs {
        let line = para.range.clone();
        let shown = info.reorder_line(para, line);
        if para.level.is_rtl() {
            out.extend(shown.chars().rev());
        } else {
            out.push_str(&s[para.range.clone()]);
        }
    }
    out
}

/// `s` as an egui layout: its bidi runs in display order, each a section of its own, so egui
/// shapes each in its own direction and places them left to right as a bidi display would.
/// `rtl` is the direction of the interface: an English line that begins with an Arabic name
/// still reads left to right.
pub fn bidi(s: &str, rtl: bool, font: egui::FontId, color: egui::Color32) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let format = egui::TextFormat::simple(font, color);
    if !s.chars().any(is_rtl_char) {
        job.append(s, 0.0, format);
        return job;
    }
    let info = BidiInfo::new(s, Some(direction(rtl)));
    for para in &info.paragraphs {
        let (_, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            // Pushed, not appended: `append` merges sections of one format into one run,
            // and each run must be shaped on its own.
            let start = job.text.len();
            // Isolate marks (see `isolate`) have done their work; egui would draw them as boxes.
            job.text.extend(
                s[run]
                    .chars()
                    .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}')),
            );
            job.sections.push(egui::text::LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(start)..egui::text::ByteIndex(job.text.len()),
                format: format.clone(),
            });
        }
    }
    job
}

/// `s` marked as a unit of its own direction (a name put into a sentence), so that it neither
/// takes the sentence's numbers with it nor turns the sentence around.
pub fn isolate(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

/// `bidi` in egui's body font and text colour.
pub fn body(ui: &egui::Ui, rtl: bool, s: &str) -> egui::text::LayoutJob {
    bidi(
        s,
        rtl,
        egui::TextStyle::Body.resolve(ui.style()),
        ui.visuals().text_color(),
    )
}

fn direction(rtl: bool) -> unicode_bidi::Level {
    if rtl {
        unicode_bidi::Level::rtl()
    } else {
        unicode_bidi::Level::ltr()
    }
}

fn is_rtl_char(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(job: &egui::text::LayoutJob) -> Vec<&str> {
        job.sections
            .iter()
            .map(|sec| &job.text[sec.byte_range.start.0..sec.byte_range.end.0])
            .collect()
    }

    #[test]
    fn latin_text_is_untouched() {
        let s = "Listen without interrupting";
        assert_eq!(bidi_plain(s, false), s);
        let job = bidi(s, false, egui::FontId::default(), egui::Color32::WHITE);
        assert_eq!(sections(&job), [s]);
    }

    #[test]
    fn a_right_to_left_paragraph_goes_in_logical_order_with_numbers_and_latin_pre_reversed() {
        assert_eq!(bidi_plain("استمع دون مقاطعة", true), "استمع دون مقاطعة");
        assert_eq!(bidi_plain("طلب رقم 5678 Order", true), "طلب رقم 8765 redrO");
    }

    #[test]
    fn runs_come_in_display_order_each_in_logical_order() {
        // "Order 5678" inside an Arabic sentence: the Latin word is leftmost, the Arabic
        // beginning rightmost.
        let job = bidi(
            "طلب رقم 5678 Order",
            true,
            egui::FontId::default(),
            egui::Color32::WHITE,
        );
        assert_eq!(sections(&job), ["Order", " ", "5678", "طلب رقم "]);
        // An Arabic name in an English sentence stays where it is; a number right after
        // Arabic letters belongs to them (bidi rule W2), so it shows at the name's left.
        let font = egui::FontId::default;
        let job = bidi(
            "Overdue: عائشة and Omar",
            false,
            font(),
            egui::Color32::WHITE,
        );
        assert_eq!(sections(&job), ["Overdue: ", "عائشة", " and Omar"]);
        let job = bidi("Overdue: عائشة 3", false, font(), egui::Color32::WHITE);
        assert_eq!(sections(&job), ["Overdue: ", "3", "عائشة "]);
        // In the English interface a line that begins with an Arabic name still reads left to
        // right: the name first, at the left.
        let job = bidi("عائشة is overdue", false, font(), egui::Color32::WHITE);
        assert_eq!(sections(&job), ["عائشة", " is overdue"]);
        // An isolated name keeps the number that follows it in the sentence.
        let line = format!("{}: 3 overdue", isolate("عائشة"));
        let job = bidi(&line, false, font(), egui::Color32::WHITE);
        assert_eq!(sections(&job).concat(), "عائشة: 3 overdue");
    }

    /// Lays `job` out the way egui will draw it, with the bundled font, and returns each
    /// character with the x of its glyph.
    fn laid_out(job: egui::text::LayoutJob) -> Vec<(char, f32)> {
        let ctx = egui::Context::default();
        let mut fonts = egui::FontDefinitions::default();
        fonts.font_data.insert(
            "vazirmatn".into(),
            std::sync::Arc::new(egui::FontData::from_static(crate::app::theme::REGULAR)),
        );
        fonts
            .families
            .entry(egui::FontFamily::Proportional)
            .or_default()
            .insert(0, "vazirmatn".into());
        ctx.set_fonts(fonts);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        galley
            .rows
            .iter()
            .flat_map(|row| row.glyphs.iter().map(|g| (g.chr, g.pos.x)))
            .collect()
    }

    fn x_of(glyphs: &[(char, f32)], c: char) -> f32 {
        glyphs
            .iter()
            .find(|g| g.0 == c)
            .unwrap_or_else(|| panic!("no {c:?} in {glyphs:?}"))
            .1
    }

    #[test]
    fn egui_lays_a_right_to_left_sentence_out_right_to_left() {
        // "Aisha: 10 overdue, the oldest by 83 days": the name rightmost, then 10, then 83.
        let s = "عائشة: 10 متأخرة، أقدمها منذ 83 يومًا";
        let glyphs = laid_out(bidi(
            s,
            true,
            egui::FontId::proportional(16.0),
            egui::Color32::WHITE,
        ));
        let (one, eight) = (x_of(&glyphs, '1'), x_of(&glyphs, '8'));
        assert!(eight < one, "83 must sit left of 10: {eight} vs {one}");
        assert!(x_of(&glyphs, '0') > one, "10 reads left to right");
        // (x_of takes a character's first glyph: egui adds zero-width placeholders after a
        // right-to-left run for the characters a cluster merged.)
        let (name, colon) = (x_of(&glyphs, 'ع'), x_of(&glyphs, ':'));
        assert!(
            name > colon && colon > x_of(&glyphs, '0'),
            "the name starts the line at the right: {glyphs:?}"
        );
    }

    #[test]
    fn egui_keeps_an_english_sentence_left_to_right_around_an_arabic_name() {
        let s = "Aisha: 10 overdue, عائشة";
        let glyphs = laid_out(bidi(
            s,
            false,
            egui::FontId::proportional(16.0),
            egui::Color32::WHITE,
        ));
        assert!(x_of(&glyphs, 'A') < x_of(&glyphs, '1'));
        // Inside the name, its first letter is at its right.
        assert!(x_of(&glyphs, 'ع') > x_of(&glyphs, 'ش'));
    }
}
