//! `wijkverslag schema`: the JSON Schema of `verslag.toml`, generated from the
//! same serde types the loader uses, so editors (VS Code with Even Better
//! TOML) complete keys and flag mistakes while the student types.

use clap::Args;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::forms::Forms;
use crate::model::types::Verslag;

/// File name `init` writes beside `verslag.toml`.
pub const SCHEMA_FILE: &str = "verslag.schema.json";

/// Arguments of `wijkverslag schema`.
#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Schrijf het schema naar dit bestand in plaats van naar het scherm.
    #[arg(short = 'o', long = "uit", value_name = "UIT.json", value_parser = crate::cli::dutch::json)]
    pub uit: Option<std::path::PathBuf>,
}

/// A TOML date (`2019-12-23`): a string with format "date" in JSON Schema,
/// which is how TOML editors present TOML dates to a schema.
pub struct Datum;

impl JsonSchema for Datum {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Datum".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "Een datum als JJJJ-MM-DD, zonder aanhalingstekens: 2019-12-23"
        })
    }
}

/// The JSON Schema of `verslag.toml` as a JSON value.
///
/// Besides what the serde types give, the known item ids of the built-in
/// forms are offered as properties of `[windshield.antwoorden]` and
/// `[checklist]`, so an editor completes them; other ids stay allowed
/// there because a class may bring its own forms (the loader checks them).
///
/// Draft 7 is used because it is what TOML editors (taplo in Even Better
/// TOML) understand best. TOML has no null, so the `null` alternatives that
/// `Option` fields get are dropped, and enums become plain `enum` lists.
pub fn schema_value() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Verslag>();
    let mut value = schema.to_value();
    if let Some(defs) = value.get_mut("definitions").and_then(Value::as_object_mut) {
        // The type-level docs are for programmers (English); the Dutch
        // descriptions are on the fields, where editors show them.
        for (name, def) in defs.iter_mut() {
            if name != "Datum"
                && let Some(obj) = def.as_object_mut()
            {
                obj.remove("description");
            }
        }
    }
    if let Some(root) = value.as_object_mut() {
        root.insert(
            "description".into(),
            Value::String("Het invoerbestand van een wijkverslag: gegevens van het verslag en alle vaste onderdelen (FORMAT.md, deel 2).".into()),
        );
    }
    tidy(&mut value);
    add_form_ids(&mut value, Forms::builtin());
    value
}

/// Drops `null` alternatives and turns `oneOf` lists of constants into `enum`.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(obj) => {
            if let Some(Value::Array(types)) = obj.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    obj.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(alts)) = obj.get_mut("anyOf") {
                alts.retain(|a| a.get("type").is_none_or(|t| t != "null"));
                if alts.len() == 1 {
                    // A lone `$ref` with siblings must sit in `allOf` in draft 7.
                    let only = alts.remove(0);
                    obj.remove("anyOf");
                    obj.insert("allOf".into(), Value::Array(vec![only]));
                }
            }
            let consts: Option<Vec<Value>> = obj
                .get("oneOf")
                .and_then(Value::as_array)
                .and_then(|alts| alts.iter().map(|a| a.get("const").cloned()).collect());
            if let Some(consts) = consts {
                obj.remove("oneOf");
                obj.insert("type".into(), Value::String("string".into()));
                obj.insert("enum".into(), Value::Array(consts));
            }
            for v in obj.values_mut() {
                tidy(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// The schema as pretty-printed JSON text with a trailing newline.
pub fn schema_text() -> String {
    let mut text =
        serde_json::to_string_pretty(&schema_value()).expect("a JSON value always serialises");
    text.push('\n');
    text
}

/// Runs `wijkverslag schema`.
pub fn run(args: SchemaArgs) -> Result<(), Error> {
    let text = schema_text();
    match &args.uit {
        Some(path) => {
            crate::cli::write_atomic(path, text.as_bytes())?;
            eprintln!("klaar: {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

fn add_form_ids(root: &mut Value, forms: &Forms) {
    let windshield: Vec<(String, String)> = forms
        .windshield
        .items
        .iter()
        .map(|i| (i.id.clone(), format!("{}: {}", i.titel, i.vragen.join(" "))))
        .collect();
    let factors: Vec<(String, String)> = forms
        .checklist
        .domeinen
        .iter()
        .flat_map(|d| {
            d.factoren
                .iter()
                .map(move |f| (f.id.clone(), format!("{} ({})", f.titel, d.titel)))
        })
        .collect();
    if let Some(antwoorden) = find_def_property(root, "Windshield", "antwoorden") {
        let item = antwoorden
            .get("additionalProperties")
            .cloned()
            .unwrap_or(Value::Bool(true));
        set_known_keys(antwoorden, &windshield, &item);
    }
    if let Some(checklist) = root.pointer_mut("/properties/checklist") {
        let item = checklist
            .get("additionalProperties")
            .cloned()
            .unwrap_or(Value::Bool(true));
        set_known_keys(checklist, &factors, &item);
    }
}

/// `definitions/<name>/properties/<prop>` (where draft 7 keeps named structs).
fn find_def_property<'a>(root: &'a mut Value, name: &str, prop: &str) -> Option<&'a mut Value> {
    root.pointer_mut(&format!("/definitions/{name}/properties/{prop}"))
}

fn set_known_keys(target: &mut Value, keys: &[(String, String)], item: &Value) {
    let Some(obj) = target.as_object_mut() else {
        return;
    };
    let mut props = Map::new();
    for (id, description) in keys {
        let mut schema = match item {
            Value::Object(m) => m.clone(),
            _ => Map::new(),
        };
        schema.insert("description".into(), Value::String(description.clone()));
        props.insert(id.clone(), Value::Object(schema));
    }
    obj.insert("properties".into(), Value::Object(props));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_refused_everywhere_a_struct_is() {
        let v = schema_value();
        assert_eq!(v["additionalProperties"], Value::Bool(false), "{v:#}");
        assert_eq!(
            v["definitions"]["Meta"]["additionalProperties"],
            Value::Bool(false)
        );
        assert_eq!(
            v["definitions"]["Interventie"]["additionalProperties"],
            Value::Bool(false)
        );
    }

    #[test]
    fn dates_are_strings_with_format_date() {
        let v = schema_value();
        let text = v.to_string();
        assert!(text.contains("\"format\":\"date\""), "{v:#}");
        assert_eq!(v["definitions"]["Datum"]["type"], "string");
        assert_eq!(v["definitions"]["Datum"]["format"], "date");
        assert_eq!(
            v["definitions"]["Meta"]["properties"]["inleverdatum"]["allOf"][0]["$ref"],
            "#/definitions/Datum",
            "{v:#}"
        );
    }

    #[test]
    fn enums_are_plain_lists_and_there_is_no_null() {
        let v = schema_value();
        assert_eq!(
            v["definitions"]["Oordeel"]["enum"],
            serde_json::json!(["goed", "redelijk", "slecht"]),
            "{v:#}"
        );
        assert!(v["definitions"]["Oordeel"].get("oneOf").is_none());
        assert!(!v.to_string().contains("\"null\""), "{v:#}");
        assert_eq!(
            v["definitions"]["Meta"]["properties"]["ondertitel"]["type"],
            "string"
        );
    }

    #[test]
    fn known_form_ids_are_offered_with_dutch_titles() {
        let v = schema_value();
        let checklist = &v["properties"]["checklist"]["properties"];
        assert!(
            checklist["eenzaamheid"]["description"]
                .as_str()
                .unwrap()
                .contains("Eenzaamheid"),
            "{v:#}"
        );
        let ws = &v["definitions"]["Windshield"]["properties"]["antwoorden"]["properties"];
        assert!(
            ws["huisvesting"]["description"]
                .as_str()
                .unwrap()
                .starts_with("Huisvesting"),
            "{v:#}"
        );
    }
}
