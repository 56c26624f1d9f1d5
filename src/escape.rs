//! The one escape for markup Schoolgate writes: pages and their Tera
//! templates, the sitemap and feeds, the private report, the trust
//! dashboard, the JUnit report and the preview's error page.
//!
//! One function, so a fix (a character a parser chokes on, a quote an
//! attribute needs) reaches every output at once. Tera's own escape is not
//! used: it also turns `/` into `&#x2F;`, valid but making every address in
//! the HTML unreadable.

/// Escapes text for HTML or XML element content and for a double- or
/// single-quoted HTML attribute: `&`, `<`, `>`, `"` and `'` become
/// references. Characters XML 1.0 forbids (most C0 controls) are dropped,
/// because one makes a whole feed, sitemap or CI report unreadable (and HTML
/// does not allow them either). Newlines and tabs are kept.
pub fn html(text: &str) -> String {
    escape(text, false)
}

/// [`html`] for an XML attribute value, where a parser would turn a literal
/// newline or tab into a space: those become character references too.
pub fn xml_attribute(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, whitespace_as_references: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' if whitespace_as_references => out.push_str("&#10;"),
            '\r' if whitespace_as_references => out.push_str("&#13;"),
            '\t' if whitespace_as_references => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_round_trips_through_a_parser() {
        let nasty = "a \"quote\" <tag> & 'apos'\nline two\tend\u{1}";
        let doc = format!("<x a=\"{}\" b='{}'>{}</x>", xml_attribute(nasty), xml_attribute(nasty), html(nasty));
        let parsed = roxmltree::Document::parse(&doc).unwrap();
        let root = parsed.root_element();
        let want = "a \"quote\" <tag> & 'apos'\nline two\tend";
        assert_eq!(root.attribute("a"), Some(want));
        assert_eq!(root.attribute("b"), Some(want));
        assert_eq!(root.text(), Some(want));
    }

    #[test]
    fn html_keeps_text_readable() {
        assert_eq!(html("/news/sports-day/ Year 4 & 5\n"), "/news/sports-day/ Year 4 &amp; 5\n");
        assert_eq!(html("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }
}
