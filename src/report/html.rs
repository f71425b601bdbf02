//! A plan summary as one self-contained, printable HTML page.

use super::summary::Summary;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;\
padding:0 1em;line-height:1.45;color:#111}h1{margin-bottom:.2em}.sub{color:#444}\
h2{border-bottom:1px solid #999;padding-bottom:.2em;margin-top:1.6em;page-break-after:avoid}\
dl{display:grid;grid-template-columns:12em 1fr;gap:.3em 1em}dt{font-weight:600}dd{margin:0;\
white-space:pre-wrap}section{page-break-inside:avoid}@media print{body{margin:0;max-width:none}}";

/// Renders a summary as HTML; every piece of text is escaped.
pub fn render(s: &Summary) -> String {
    let mut o =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(&format!(
        "<title>{} — Personal Learning Plan</title>\n",
        esc(&s.title)
    ));
    o.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    o.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"sub\">{}</p>\n",
        esc(&s.title),
        esc(&s.subtitle)
    ));
    for sec in &s.sections {
        o.push_str(&format!(
            "<section>\n<h2>{}</h2>\n<dl>\n",
            esc(&sec.heading)
        ));
        for (label, text) in &sec.items {
            o.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(label), esc(text)));
        }
        o.push_str("</dl>\n</section>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(super::esc("<script>&'\""), "&lt;script&gt;&amp;&#39;&quot;");
    }
}
