//! Trains the zstd dictionary that the change log's values are compressed with
//! (`assets/values.zdict`, see `src/store/packed.rs`). Run once; the file it writes is kept,
//! since every value compressed with it needs exactly those bytes to be read back:
//!
//!     cargo run --release --example value_dictionary -- assets/values.zdict
//!
//! The samples are the values of generated records (what every record's JSON shares: its
//! field names, their order, the shapes of dates, ids and lists), with each longer text
//! replaced by prose from this project's own documentation, so that the dictionary does not
//! learn the generator's sentences and pack the demo better than real notes.

use chrono::NaiveDate;
use serde_json::Value;

/// Most bytes the dictionary may hold.
const DICT_SIZE: usize = 16 * 1024;

/// Values shorter than this are not compressed (as `COMPRESS_FROM` in `packed.rs`).
const COMPRESS_FROM: usize = 96;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("give the file to write the dictionary to")?;
    let prose: Vec<String> = include_str!("../README.md")
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_alphabetic() || ",.;:'".contains(c)))
        .map(str::to_string)
        .collect();
    let mut store = plp::store::Store::in_memory()?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 2).ok_or("a date")?;
    let mut students = plp::demo::Generator::new(400, today);
    loop {
        let batch = students.next_batch(100);
        if batch.students.is_empty() {
            break;
        }
        store.write(|w| plp::portable::import_document(w, &batch))?;
    }
    let mut at = 0;
    let mut samples = Vec::new();
    for op in store.ops()? {
        let mut v = op.value.clone();
        replace_text(&mut v, &prose, &mut at);
        let text = serde_json::to_string(&v)?;
        if text.len() >= COMPRESS_FROM {
            samples.push(text.into_bytes());
        }
    }
    let dict = zstd::dict::from_samples(&samples, DICT_SIZE)?;
    std::fs::write(&out, &dict)?;
    eprintln!(
        "{out}: {} bytes, trained on {} values",
        dict.len(),
        samples.len()
    );
    Ok(())
}

/// Replaces each text of more than two words with as many words of prose.
fn replace_text(v: &mut Value, prose: &[String], at: &mut usize) {
    match v {
        Value::String(s) if s.split_whitespace().count() > 2 => {
            let n = s.split_whitespace().count();
            let words: Vec<&str> = (0..n)
                .map(|i| prose[(*at + i) % prose.len()].as_str())
                .collect();
            *at += n;
            *s = words.join(" ");
        }
        Value::Array(items) => items.iter_mut().for_each(|i| replace_text(i, prose, at)),
        Value::Object(m) => m.values_mut().for_each(|i| replace_text(i, prose, at)),
        _ => {}
    }
}
