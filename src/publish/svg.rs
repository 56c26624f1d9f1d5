//! SVG drawings: published only when they are plain drawings.
//!
//! An SVG is a program as much as a picture: it can run scripts, load other
//! files and embed photos (with their own location and people tags). The
//! build publishes an SVG only when it is none of these; its text (titles,
//! labels, metadata) then goes to the name checks like any text file.

/// Why an SVG cannot be published, or `Ok` when it is a plain drawing.
pub fn check(text: &str) -> Result<(), String> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("it is not a well-formed SVG drawing ({e})"))?;
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        match name {
            "script" => return Err("the SVG drawing contains a script".into()),
            "foreignObject" => return Err("the SVG drawing embeds a web page (foreignObject)".into()),
            "image" | "feImage" => {
                return Err("the SVG drawing embeds a picture, whose hidden information Schoolgate cannot check".into());
            }
            _ => {}
        }
        for attr in node.attributes() {
            let attr_name = attr.name().to_ascii_lowercase();
            let value = attr.value().trim().to_ascii_lowercase();
            if attr_name.starts_with("on") {
                return Err(format!("the SVG drawing has an event handler (`{}`), which is a script", attr.name()));
            }
            if value.contains("javascript:") {
                return Err("the SVG drawing has a `javascript:` link, which is a script".into());
            }
            if attr_name == "href" && !value.starts_with('#') {
                return Err(format!("the SVG drawing links to another file ({})", attr.value()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_drawings_pass_and_active_ones_do_not() {
        let plain = r##"<svg xmlns="http://www.w3.org/2000/svg"><title>Crest</title><path d="M0 0h1" fill="#fff"/><use href="#a"/></svg>"##;
        assert!(check(plain).is_ok());
        let script = r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert!(check(script).unwrap_err().contains("script"));
        let handler = r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
        assert!(check(handler).unwrap_err().contains("onload"));
        let photo = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="data:image/jpeg;base64,AAAA"/></svg>"#;
        assert!(check(photo).is_err());
        assert!(check("<svg").is_err());
    }
}
