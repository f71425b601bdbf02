//! A printout as one self-contained HTML page (no scripts, no outside files), printable in
//! black and white; several printouts in one page break between students.

use super::charts;
use super::doc::{Block, Doc};
use super::Paper;

/// The page's style. Printed, a heading is never split nor left at a page's foot without what
/// it heads, a long field flows on to the next page while a short one stays whole, a chart is
/// never split, and a goal is not framed: a frame broken at a page's foot, its chart moved on,
/// was left there as a tall empty box (plp's own PDF frames no goal either).
const STYLE: &str = "\
body{font-family:'DejaVu Sans',Verdana,system-ui,sans-serif;color:#111;margin:0;line-height:1.45;font-size:15px;overflow-wrap:anywhere}\
article{max-width:44em;margin:1.5em auto;padding:0 1.2em}\
article+article{break-before:page;page-break-before:always}\
header{border-bottom:2px solid #111;padding-bottom:.6em;margin-bottom:1em}\
.school{font-size:1.05em;font-weight:700;letter-spacing:.02em}\
.kicker{text-transform:uppercase;font-size:.78em;letter-spacing:.08em;color:#444;margin:.8em 0 0;break-inside:avoid;break-after:avoid}\
h1{font-size:1.9em;margin:.1em 0 .2em}\
.facts{margin:.1em 0;color:#222}\
h2{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:1px solid #888;padding-bottom:.15em;break-inside:avoid;break-after:avoid}\
h3{font-size:1em;margin:.9em 0 .3em;break-inside:avoid;break-after:avoid}\
section.goal{border:1px solid #888;border-radius:6px;padding:.2em 1em .8em;margin:1.2em 0;-webkit-box-decoration-break:clone;box-decoration-break:clone}\
section.goal h2{border:0;margin-top:.1em}\
blockquote{margin:.6em 0;padding:.3em 1em;border-left:4px solid #111;font-size:1.08em;break-inside:avoid}\
blockquote p{margin:.2em 0;white-space:pre-wrap}\
blockquote cite{display:block;font-style:normal;color:#444;font-size:.85em}\
.muted{color:#444;font-style:italic}\
p{orphans:2;widows:2}\
.field{margin:.3em 0;orphans:3;widows:3}.field b{font-weight:700}\
.celebrate{font-weight:700;border:2px solid #111;border-radius:6px;padding:.3em .7em;display:inline-block;margin:.3em 0}\
figure{margin:.5em 0;break-inside:avoid;page-break-inside:avoid}figcaption{font-size:.85em;color:#333}\
svg.chart{width:100%;max-width:30em;height:auto}svg.chart text{font-family:inherit;fill:#111}\
ul{padding-left:1.3em;margin:.3em 0}li{margin:.35em 0;break-inside:avoid}li .detail{display:block;color:#333;font-size:.92em}\
footer{margin-top:2em;border-top:1px solid #888;padding-top:.5em;font-size:.85em;color:#333}\
@media print{body{font-size:11pt}article{margin:0 auto;max-width:none;padding:0}\
section.goal{border:0;border-radius:0;padding:0}section.goal h2{border-bottom:1px solid #888}}";

/// One printout, or several, as a page. `paper` sets the printed page size.
pub fn render(docs: &[Doc], paper: Paper) -> String {
    let lang = docs.first().map(|d| d.lang).unwrap_or("en");
    let title = match docs {
        [one] => format!("{} — {}", one.title, one.kicker),
        _ => docs.first().map(|d| d.kicker.clone()).unwrap_or_default(),
    };
    let size = match paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}@page{{size:{size};margin:16mm}}{}</style>\n</head>\n<body>\n",
        esc(&title),
        page_footers(docs)
    );
    for (i, d) in docs.iter().enumerate() {
        article(&mut o, d, i);
    }
    o.push_str("</body>\n</html>\n");
    o
}

/// Each printed page's footer, as the PDF prints it: "Amara Okafor · Printed 28 May 2027 ·
/// Page 1 of 2", in the page's bottom margin (CSS page margin boxes; a browser without them
/// prints the page without it). Each student's printout is a named page of its own, so a
/// page of several printouts names the student whose page it is; page numbers then count the
/// whole print run, so they are left out.
fn page_footers(docs: &[Doc]) -> String {
    let mut css = String::new();
    for (i, d) in docs.iter().enumerate() {
        let mut content = css_string(&format!("{} · {}", d.running, d.running_printed));
        if docs.len() == 1 {
            content.push_str(&format!(" {} {}", css_string(" · "), page_of(&d.page_of)));
        }
        css.push_str(&format!(
            "article.p{i}{{page:p{i}}}@page p{i}{{@bottom-center{{content:{content};\
             font-family:'DejaVu Sans',Verdana,sans-serif;font-size:8pt;color:#333}}}}"
        ));
    }
    css
}

/// "Page {page} of {pages}" as CSS content: its words as strings, the two numbers as the
/// page counters.
fn page_of(template: &str) -> String {
    let mut out = Vec::new();
    let mut words = String::new();
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        words.push_str(&rest[..at]);
        let tail = &rest[at..];
        let (counter, after) = if let Some(after) = tail.strip_prefix("{pages}") {
            ("counter(pages)", after)
        } else if let Some(after) = tail.strip_prefix("{page}") {
            ("counter(page)", after)
        } else {
            words.push('{');
            rest = &tail[1..];
            continue;
        };
        if !words.is_empty() {
            out.push(css_string(&std::mem::take(&mut words)));
        }
        out.push(counter.to_string());
        rest = after;
    }
    words.push_str(rest);
    if !words.is_empty() {
        out.push(css_string(&words));
    }
    out.join(" ")
}

/// Text as a quoted CSS string that nothing in it can end early: quotes, backslashes, control
/// characters and the brackets of a tag are written as escapes (a name holding "</style>"
/// stays a name).
fn css_string(text: &str) -> String {
    let mut o = String::from("\"");
    for ch in text.chars() {
        if ch.is_control() || matches!(ch, '"' | '\\' | '<' | '>' | '&') {
            o.push_str(&format!("\\{:x} ", ch as u32));
        } else {
            o.push(ch);
        }
    }
    o.push('"');
    o
}

fn article(o: &mut String, d: &Doc, i: usize) {
    o.push_str(&format!(
        "<article class=\"p{i}\" lang=\"{}\">\n<header>\n",
        d.lang
    ));
    if let Some(s) = &d.school {
        o.push_str(&format!("<div class=\"school\">{}</div>\n", esc(s)));
    }
    o.push_str(&format!(
        "<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n",
        esc(&d.kicker),
        esc(&d.title)
    ));
    if !d.about_line.is_empty() {
        o.push_str(&format!(
            "<p class=\"facts\">{}</p>\n",
            esc(&d.about_line.join(" · "))
        ));
    }
    for l in &d.contact_lines {
        o.push_str(&format!("<p class=\"facts\">{}</p>\n", esc(l)));
    }
    o.push_str("</header>\n");
    for s in &d.sections {
        let goal = s.kicker.is_some();
        o.push_str(if goal {
            "<section class=\"goal\">\n"
        } else {
            "<section>\n"
        });
        if let Some(k) = &s.kicker {
            o.push_str(&format!("<p class=\"kicker\">{}</p>\n", esc(k)));
        }
        o.push_str(&format!("<h2>{}</h2>\n", esc(&s.heading)));
        let mut in_list = false;
        for b in &s.blocks {
            let item = matches!(b, Block::Item { .. });
            if item && !in_list {
                o.push_str("<ul>\n");
            } else if !item && in_list {
                o.push_str("</ul>\n");
            }
            in_list = item;
            block(o, b);
        }
        if in_list {
            o.push_str("</ul>\n");
        }
        o.push_str("</section>\n");
    }
    o.push_str(&format!(
        "<footer>{}</footer>\n</article>\n",
        esc(&d.footnote)
    ));
}

fn block(o: &mut String, b: &Block) {
    match b {
        Block::Quote { text, cite } => o.push_str(&format!(
            "<blockquote><p>“{}”</p><cite>{}</cite></blockquote>\n",
            esc(text),
            esc(cite)
        )),
        Block::Para(t) => o.push_str(&format!("<p>{}</p>\n", esc(t))),
        Block::Muted(t) => o.push_str(&format!("<p class=\"muted\">{}</p>\n", esc(t))),
        Block::Field { label, text } => o.push_str(&format!(
            "<p class=\"field\"><b>{}:</b> {}</p>\n",
            esc(label),
            esc(text)
        )),
        Block::Celebrate(t) => o.push_str(&format!("<p class=\"celebrate\">★ {}</p>\n", esc(t))),
        Block::Chart(c) => o.push_str(&format!(
            "<figure>\n<figcaption><b>{}</b>: {}</figcaption>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
            esc(&c.caption),
            esc(&c.latest),
            charts::svg(c, 320.0),
            esc(&c.scale)
        )),
        Block::Subheading(t) => o.push_str(&format!("<h3>{}</h3>\n", esc(t))),
        Block::Item { text, detail } => {
            o.push_str(&format!("<li>{}", esc(text)));
            for d in detail {
                o.push_str(&format!("<span class=\"detail\">{}</span>", esc(d)));
            }
            o.push_str("</li>\n");
        }
    }
}

/// The index page of a conference night folder: each student's printout, by family name.
pub fn index(title: &str, count_line: &str, printed: &str, entries: &[(String, String)]) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<article>\n<h1>{t}</h1>\n<p class=\"facts\">{c} · {p}</p>\n<ol>\n",
        t = esc(title),
        c = esc(count_line),
        p = esc(printed)
    );
    for (label, file) in entries {
        o.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            esc(&href(file)),
            esc(label)
        ));
    }
    o.push_str("</ol>\n</article>\n</body>\n</html>\n");
    o
}

/// A file name as a relative link (only characters a URL may hold unescaped are kept as is).
fn href(file: &str) -> String {
    let mut o = String::new();
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
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

    #[test]
    fn a_page_footer_holds_no_character_that_ends_its_string_or_the_style() {
        let s = super::css_string("Ben </style><b>\"Jr\"\\ \n·");
        assert_eq!(
            s,
            "\"Ben \\3c /style\\3e \\3c b\\3e \\22 Jr\\22 \\5c  \\a ·\""
        );
    }

    #[test]
    fn page_numbers_are_the_page_counters_in_the_familys_words() {
        assert_eq!(
            super::page_of("Página {page} de {pages}"),
            "\"Página \" counter(page) \" de \" counter(pages)"
        );
        assert_eq!(
            super::page_of("{page}/{pages} {x}"),
            "counter(page) \"/\" counter(pages) \" {x}\""
        );
    }

    #[test]
    fn links_are_escaped() {
        assert_eq!(super::href("a b\"c.html"), "a%20b%22c.html");
    }
}
