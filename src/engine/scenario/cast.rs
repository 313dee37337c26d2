//! Who the trainee serves: the customers a run may draw, their gender and how they are
//! addressed, and the details filled into the text.

use crate::engine::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who the trainee is serving. Names and details are drawn per run from the seed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// One is picked per run; write names in each language's script, with the customer's
    /// gender (texts can agree with it) and how the agent addresses them.
    pub names: Vec<CustomerName>,
    /// Extra facts usable as `{key}` in any text: order numbers, products…
    #[serde(default)]
    pub details: BTreeMap<String, Detail>,
    /// Starting patience, drawn between the two bounds (0–100).
    #[serde(default = "default_mood")]
    pub mood: (u8, u8),
}

fn default_mood() -> (u8, u8) {
    (50, 50)
}

/// Grammatical gender, of the customer (drawn with their name) or of the agent (the trainee's
/// profile says how they want to be addressed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Female, Gender::Male];

    /// The key a text's gender forms use: `female=…`, `male=…`.
    pub fn key(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    pub fn from_key(key: &str) -> Option<Gender> {
        Gender::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// One of the customers a run may draw: `(name: "…", gender: Female, address: "…")`, or just a
/// name (`"…"` or `{"en": …}`) when gender does not matter to any text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerName {
    pub name: Text,
    pub gender: Option<Gender>,
    /// How the agent addresses them, ready to follow a vocative ("Ms Haddad", "أستاذة ليلى",
    /// "خانم حدادی"): the `{address}` placeholder. Their name when left out.
    pub address: Option<Text>,
}

impl<'de> Deserialize<'de> for CustomerName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = CustomerName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(r#"a customer: (name: "…", gender: Female or Male, address: "…"), or just a name"#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CustomerName, E> {
                Ok(CustomerName {
                    name: Text::One(v.to_owned()),
                    gender: None,
                    address: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CustomerName, A::Error> {
                // A struct `(name: …)` and a language map `{"en": …}` both arrive as maps; the
                // keys tell them apart.
                let mut fields = (None, None, None);
                let mut langs = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "name" => fields.0 = Some(map.next_value::<Text>()?),
                        "gender" => fields.1 = Some(map.next_value::<Gender>()?),
                        "address" => fields.2 = Some(map.next_value::<Text>()?),
                        lang if lang.len() <= 3 && lang.bytes().all(|b| b.is_ascii_lowercase()) => {
                            langs.insert(key.clone(), map.next_value::<String>()?);
                        }
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["name", "gender", "address"],
                            ));
                        }
                    }
                }
                match fields {
                    (Some(name), gender, address) if langs.is_empty() => Ok(CustomerName {
                        name,
                        gender,
                        address,
                    }),
                    (None, None, None) if !langs.is_empty() => Ok(CustomerName {
                        name: Text::Langs(langs),
                        gender: None,
                        address: None,
                    }),
                    (None, _, _) if langs.is_empty() => Err(de::Error::missing_field("name")),
                    _ => Err(de::Error::custom(
                        "write a customer either as (name: …, gender: …) or as a map of languages, not both",
                    )),
                }
            }
        }
        d.deserialize_any(NameVisitor)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Detail {
    /// A whole number between the two bounds, inclusive.
    Number(u64, u64),
    /// One of the given texts.
    OneOf(Vec<Text>),
}
