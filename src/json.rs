//! Compact JSON text of a [`SearchResponse`], written by hand.
//!
//! The browser build hands a response to JavaScript as this text (one string,
//! then `JSON.parse`), which is much less code in the wasm than a `serde`
//! serializer for every response type. The text is byte for byte what
//! `serde_json::to_string` prints for the same response (tests/json.rs checks
//! it), so the browser and the CLI's `--json` give the same values.

use crate::codec::push_decimal;
use crate::model::Kind;
use crate::response::{FacetCount, FacetCounts, Highlights, Hit, Label, Related, SearchResponse};

/// A value that writes itself as compact JSON.
pub trait Json {
    /// Appends the JSON text of `self` to `out`.
    fn write(&self, out: &mut String);
}

/// The compact JSON text of `value`.
pub fn to_json(value: &dyn Json) -> String {
    let mut out = String::new();
    value.write(&mut out);
    out
}

/// An object of the given fields, in order.
pub struct Fields<'a>(pub &'a [(&'a str, &'a dyn Json)]);

impl Json for Fields<'_> {
    fn write(&self, out: &mut String) {
        let mut o = Object::new(out);
        for (key, value) in self.0 {
            o.field(key, *value);
        }
        o.end();
    }
}

/// Writes an object's fields one by one, in order.
struct Object<'a> {
    out: &'a mut String,
    open: char,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut String) -> Self {
        Object { out, open: '{' }
    }

    /// Appends `"key":value` (keys are plain ASCII: no escaping).
    fn field(&mut self, key: &str, value: &dyn Json) -> &mut Self {
        self.out.push(self.open);
        self.open = ',';
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
        value.write(self.out);
        self
    }

    fn end(&mut self) {
        if self.open == '{' {
            self.out.push('{');
        }
        self.out.push('}');
    }
}

impl Json for str {
    /// A JSON string, escaped as `serde_json` does: `"` and `\`, the control
    /// characters by their short escape or `\u00XX`; everything else as is.
    fn write(&self, out: &mut String) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push('"');
        let mut start = 0;
        for (i, b) in self.bytes().enumerate() {
            let short = match b {
                b'"' => '"',
                b'\\' => '\\',
                b'\n' => 'n',
                b'\r' => 'r',
                b'\t' => 't',
                0x08 => 'b',
                0x0c => 'f',
                0..=0x1f => 'u',
                _ => continue,
            };
            out.push_str(self.get(start..i).unwrap_or_default());
            out.push('\\');
            out.push(short);
            if short == 'u' {
                out.push_str("00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
            start = i + 1;
        }
        out.push_str(self.get(start..).unwrap_or_default());
        out.push('"');
    }
}

impl Json for String {
    fn write(&self, out: &mut String) {
        self.as_str().write(out);
    }
}

impl Json for bool {
    fn write(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl Json for usize {
    fn write(&self, out: &mut String) {
        push_decimal(out, *self as u64);
    }
}

impl Json for u32 {
    fn write(&self, out: &mut String) {
        push_decimal(out, u64::from(*self));
    }
}

impl Json for f64 {
    /// A score, which the engine rounds to thousandths: the shortest decimal
    /// that reads back as the same number, with at least one decimal, as
    /// `serde_json` prints it (`0.0`, `2.5`, `13.125`); `null` when not finite.
    fn write(&self, out: &mut String) {
        if !self.is_finite() {
            out.push_str("null");
            return;
        }
        if self.is_sign_negative() {
            out.push('-');
        }
        let milli = (self.abs() * 1000.0 + 0.5).floor() as u64;
        push_decimal(out, milli / 1000);
        out.push('.');
        let mut frac = milli % 1000;
        let mut digits = 3;
        while digits > 1 && frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let mut text = String::new();
        push_decimal(&mut text, frac);
        for _ in text.len()..digits {
            out.push('0');
        }
        out.push_str(&text);
    }
}

impl Json for Kind {
    fn write(&self, out: &mut String) {
        self.as_str().write(out);
    }
}

impl<T: Json> Json for Option<T> {
    fn write(&self, out: &mut String) {
        match self {
            Some(v) => v.write(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: Json> Json for [T] {
    fn write(&self, out: &mut String) {
        let mut open = '[';
        for item in self {
            out.push(open);
            open = ',';
            item.write(out);
        }
        if open == '[' {
            out.push('[');
        }
        out.push(']');
    }
}

impl<T: Json> Json for Vec<T> {
    fn write(&self, out: &mut String) {
        self.as_slice().write(out);
    }
}

impl Json for [u32; 2] {
    fn write(&self, out: &mut String) {
        self.as_slice().write(out);
    }
}

impl Json for [u32; 4] {
    fn write(&self, out: &mut String) {
        self.as_slice().write(out);
    }
}

impl Json for SearchResponse {
    fn write(&self, out: &mut String) {
        let mut o = Object::new(out);
        o.field("query", &self.query)
            .field("total", &self.total)
            .field("hits", &self.hits)
            .field("facets", &self.facets)
            .field("facet_totals", &self.facet_totals)
            .field("relaxed", &self.relaxed)
            .field("left_out", &self.left_out);
        if self.partial {
            o.field("partial", &self.partial);
        }
        if !self.pending.is_empty() {
            o.field("pending", &self.pending);
        }
        o.end();
    }
}

impl Json for FacetCounts {
    fn write(&self, out: &mut String) {
        Object::new(out)
            .field("region", &self.region)
            .field("country", &self.country)
            .field("sector", &self.sector)
            .field("kind", &self.kind)
            .end();
    }
}

impl Json for FacetCount {
    fn write(&self, out: &mut String) {
        Object::new(out)
            .field("value", &self.value)
            .field("label", &self.label)
            .field("count", &self.count)
            .field("selected", &self.selected)
            .end();
    }
}

impl Json for Label {
    fn write(&self, out: &mut String) {
        Object::new(out)
            .field("value", &self.value)
            .field("label", &self.label)
            .end();
    }
}

impl Json for Related {
    fn write(&self, out: &mut String) {
        Object::new(out)
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("title", &self.title)
            .end();
    }
}

impl Json for Highlights {
    fn write(&self, out: &mut String) {
        Object::new(out)
            .field("title", &self.title)
            .field("snippet", &self.snippet)
            .end();
    }
}

impl Json for Hit {
    fn write(&self, out: &mut String) {
        Object::new(out)
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("kind_label", &self.kind_label)
            .field("title", &self.title)
            .field("url", &self.url)
            .field("score", &self.score)
            .field("snippet", &self.snippet)
            .field("highlights", &self.highlights)
            .field("region", &self.region)
            .field("country", &self.country)
            .field("sector", &self.sector)
            .field("city", &self.city)
            .field("lang", &self.lang)
            .field("related", &self.related)
            .end();
    }
}
