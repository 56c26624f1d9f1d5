//! Escaping text for XML and HTML, shared by the JUnit and HTML reports.

/// Escapes text for use in XML/HTML element content or a double- or
/// single-quoted attribute. Newlines and tabs become character references so
/// attribute values keep them (XML would otherwise normalise them to spaces);
/// characters XML 1.0 forbids (most C0 controls) are dropped, because a
/// single one makes the whole file unreadable to a CI server.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escapes element content, keeping newlines literal so text stays readable.
pub(crate) fn escape_text(text: &str) -> String {
    escape(text).replace("&#10;", "\n")
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_attribute_round_trips_through_a_parser() {
        let nasty = "a \"quote\" <tag> & 'apos'\nline two\u{1}";
        let doc = format!("<x a=\"{}\" b='{}'>{}</x>", escape(nasty), escape(nasty), escape_text(nasty));
        let parsed = roxmltree::Document::parse(&doc).unwrap();
        let root = parsed.root_element();
        let want = "a \"quote\" <tag> & 'apos'\nline two";
        assert_eq!(root.attribute("a"), Some(want));
        assert_eq!(root.attribute("b"), Some(want));
        assert_eq!(root.text(), Some(want));
    }
}
