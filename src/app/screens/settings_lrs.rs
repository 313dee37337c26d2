//! Settings › Team's LRS: connect this machine to the company's Learning Record Store (address,
//! user, secret, team, whether names travel) and test the connection, as `rapport lrs set` and
//! `rapport lrs test` do. The secret goes to the OS keyring; where there is none the screen says
//! to use `RAPPORT_LRS_PASSWORD`. Typing one field at a time: Enter saves it, Esc cancels.

use crate::app::lrs::LrsSync;
use crate::app::nav::{Action, ActionFired, TextEntry, type_into};
use crate::app::theme::{self, Theme, button, column, row, text};
use crate::app::{Prefs, ProgressStore};
use crate::progress::xapi::connection::{self, Connection, SECRET_VAR, SecretFrom};
use crate::progress::xapi::{Lrs, test_connection};
use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;

/// A field of the LRS connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LrsField {
    Address,
    User,
    Secret,
    Team,
}

/// The field being typed into, and why the last value could not be used.
#[derive(Resource, Default)]
pub(super) struct LrsEdit {
    field: Option<LrsField>,
    problem: Option<String>,
}

impl LrsEdit {
    pub(super) fn editing(&self) -> bool {
        self.field.is_some()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LrsEdit>();
}

/// The section's rows.
pub(super) fn rows(
    root: &mut ChildSpawnerCommands,
    t: &Theme,
    prefs: &Prefs,
    store: &ProgressStore,
    sync: &LrsSync,
    entry: &TextEntry,
    edit: &LrsEdit,
) {
    let connection = store.with(|s| Connection::load(s)).flatten();
    super::settings::setting_row(root, t, prefs.tr("settings-lrs")).with_children(|r| {
        r.spawn(column(4.0)).with_children(|c| {
            match &connection {
                None => {
                    c.spawn(text(t, prefs.tr("lrs-not-connected"), 0.9, theme::MUTED));
                }
                Some(conn) => {
                    c.spawn(text(t, conn.endpoint.clone(), 0.9, theme::TEXT));
                    let secret = match &conn.user {
                        None => "-".to_owned(),
                        Some(user) => match connection::secret(&conn.endpoint, user) {
                            Ok((_, SecretFrom::Environment)) => {
                                prefs.tr_with("lrs-secret-env", &[("var", SECRET_VAR.into())])
                            }
                            Ok(_) => prefs.tr("lrs-secret-keyring"),
                            Err(_) => prefs.tr("lrs-secret-none"),
                        },
                    };
                    let details = prefs.tr_with(
                        "lrs-details",
                        &[
                            (
                                "user",
                                conn.user.clone().unwrap_or_else(|| "-".into()).into(),
                            ),
                            (
                                "team",
                                conn.team.clone().unwrap_or_else(|| "-".into()).into(),
                            ),
                            ("secret", secret.into()),
                        ],
                    );
                    c.spawn(text(t, details, 0.8, theme::MUTED));
                }
            }
            if let (Some(field), Some(typed)) = (edit.field, &entry.0) {
                let shown = match field {
                    LrsField::Secret => "•".repeat(typed.chars().count()),
                    _ => typed.clone(),
                };
                c.spawn(text(t, prefs.tr(field_key(field)), 0.8, theme::MUTED));
                c.spawn(theme::typing_box(t, &shown, 480.0, 0.9));
                c.spawn(text(t, prefs.tr("lrs-field-hint"), 0.8, theme::MUTED));
            }
            c.spawn(row(8.0)).with_children(|b| {
                for field in [
                    LrsField::Address,
                    LrsField::User,
                    LrsField::Secret,
                    LrsField::Team,
                ] {
                    if field != LrsField::Address && connection.is_none() {
                        continue;
                    }
                    b.spawn(button(
                        t,
                        prefs.tr(button_key(field)),
                        Action::EditLrs(field),
                    ));
                }
                if let Some(conn) = &connection {
                    let names = prefs.tr(if conn.share_names {
                        "lrs-names-on"
                    } else {
                        "lrs-names-off"
                    });
                    b.spawn(button(t, names, Action::ToggleShareNames));
                    b.spawn(button(t, prefs.tr("lrs-test"), Action::TestLrs));
                }
            });
            let state = sync.state();
            if let Some((ok, said)) = &state.tested {
                let color = if *ok { theme::GOOD } else { theme::BAD };
                c.spawn(text(t, said.clone(), 0.8, color));
            }
            if let Some(p) = &edit.problem {
                c.spawn(text(t, p.clone(), 0.8, theme::BAD));
            }
        });
    });
}

fn field_key(field: LrsField) -> &'static str {
    match field {
        LrsField::Address => "lrs-field-address",
        LrsField::User => "lrs-field-user",
        LrsField::Secret => "lrs-field-secret",
        LrsField::Team => "lrs-field-team",
    }
}

fn button_key(field: LrsField) -> &'static str {
    match field {
        LrsField::Address => "lrs-edit-address",
        LrsField::User => "lrs-edit-user",
        LrsField::Secret => "lrs-edit-secret",
        LrsField::Team => "lrs-edit-team",
    }
}

/// The section's buttons.
pub(super) fn actions(
    mut fired: MessageReader<ActionFired>,
    store: Res<ProgressStore>,
    sync: Res<LrsSync>,
    mut entry: ResMut<TextEntry>,
    mut edit: ResMut<LrsEdit>,
    prefs: Res<Prefs>,
    wake: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
) {
    let mut wake = Some(wake);
    for ActionFired(action) in fired.read() {
        let connection = store.with(|s| Connection::load(s)).flatten();
        match action {
            Action::EditLrs(field) => {
                edit.field = Some(*field);
                edit.problem = None;
                entry.0 = Some(match (field, &connection) {
                    (LrsField::Address, Some(c)) => c.endpoint.clone(),
                    (LrsField::User, Some(c)) => c.user.clone().unwrap_or_default(),
                    (LrsField::Team, Some(c)) => c.team.clone().unwrap_or_default(),
                    _ => String::new(),
                });
            }
            Action::EditScenariosFolder => edit.field = None,
            Action::ToggleShareNames => {
                if let Some(mut c) = connection {
                    c.share_names = !c.share_names;
                    store.with(|s| c.save(s));
                    edit.problem = None;
                }
            }
            Action::TestLrs => {
                if let Some(c) = connection {
                    let waker = crate::app::lrs::waker(wake.take().flatten());
                    test_in_background(&sync, c, &prefs, waker);
                }
            }
            _ => {}
        }
    }
}

fn test_in_background(
    sync: &LrsSync,
    c: Connection,
    prefs: &Prefs,
    wake: Option<crate::app::lrs::Waker>,
) {
    let ok_words = prefs.tr("lrs-test-ok");
    let sync = sync.clone();
    sync.set_tested(None);
    std::thread::spawn(move || {
        let outcome = c.lrs().and_then(|(lrs, _)| test_connection(&lrs));
        sync.set_tested(Some(match outcome {
            Ok(said) => (true, format!("{ok_words} {said}")),
            Err(why) => (false, why),
        }));
        if let Some(wake) = wake {
            wake();
        }
    });
}

/// Typing into the field being edited: Enter saves it, Esc leaves it as it was.
pub(super) fn type_field(
    mut keys: MessageReader<KeyboardInput>,
    mut entry: ResMut<TextEntry>,
    mut edit: ResMut<LrsEdit>,
    store: Res<ProgressStore>,
    prefs: Res<Prefs>,
) {
    let (Some(field), Some(mut typed)) = (edit.field, entry.0.clone()) else {
        if entry.0.is_none() && edit.field.is_some() {
            edit.field = None;
        }
        return;
    };
    match type_into(&mut keys, &mut typed, 400) {
        Some(true) => match save(&store, field, typed.trim(), &prefs) {
            Ok(()) => {
                edit.problem = None;
                edit.field = None;
                entry.0 = None;
            }
            Err(why) => edit.problem = Some(why),
        },
        Some(false) => {
            edit.problem = None;
            edit.field = None;
            entry.0 = None;
        }
        None if entry.0.as_deref() != Some(typed.as_str()) => entry.0 = Some(typed),
        None => {}
    }
}

/// Saves one field; the words of why not, when it cannot be.
fn save(store: &ProgressStore, field: LrsField, value: &str, prefs: &Prefs) -> Result<(), String> {
    let current = store.with(|s| Connection::load(s)).flatten();
    let optional = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let mut c = match (field, current) {
        (LrsField::Address, current) => {
            if !(value.starts_with("http://") || value.starts_with("https://")) {
                return Err(prefs.tr_with("lrs-bad-address", &[("url", value.into())]));
            }
            let mut c = current.unwrap_or(Connection {
                endpoint: String::new(),
                user: None,
                team: None,
                share_names: false,
            });
            c.endpoint = Lrs::new(value).endpoint;
            c
        }
        (_, None) => return Ok(()),
        (LrsField::User, Some(mut c)) => {
            c.user = optional(value);
            c
        }
        (LrsField::Team, Some(mut c)) => {
            c.team = optional(value);
            c
        }
        (LrsField::Secret, Some(c)) => {
            let Some(user) = &c.user else { return Ok(()) };
            return connection::keep_secret(&c.endpoint, user, value).map_err(|why| {
                prefs.tr_with(
                    "lrs-no-keyring",
                    &[("why", why.into()), ("var", SECRET_VAR.into())],
                )
            });
        }
    };
    if c.team.is_none() {
        c.team = store
            .with(|s| s.setting(crate::progress::store::settings::TEAM))
            .flatten();
    }
    store
        .with(|s| c.save(s))
        .ok_or_else(|| prefs.tr("lrs-not-saved"))
}
