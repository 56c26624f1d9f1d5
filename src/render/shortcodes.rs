//! `{{ photo(src="…", alt="…") }}` shortcodes in Markdown.
//!
//! The syntax is Zola's, so people who know it feel at home. Only the
//! `photo` shortcode exists: it lets an admin place a photo with a caption
//! and alt text, and say who is in it (`people`) or that it shows no pupils
//! (`no_pupils=true`). Who is in it is never published; it feeds the audit.

use std::collections::BTreeMap;

/// A value given to a shortcode argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Text(String),
    Bool(bool),
    Number(f64),
    List(Vec<String>),
}

/// One shortcode call found in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, ArgValue>,
    /// Byte range of the whole `{{ … }}` in the body.
    pub start: usize,
    pub end: usize,
}

/// A shortcode that could not be read, with its byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Finds every `{{ name(args) }}` in `body`. Text inside code spans and fenced
/// code blocks is left alone so documentation can show the syntax.
pub fn find(body: &str) -> Vec<Result<Call, SyntaxError>> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = body.as_bytes();
    let mut in_fence = false;
    let mut line_start = true;
    while i < bytes.len() {
        if line_start && (body[i..].starts_with("```") || body[i..].starts_with("~~~")) {
            in_fence = !in_fence;
        }
        line_start = bytes[i] == b'\n';
        if !in_fence && bytes[i] == b'`' {
            // Skip an inline code span.
            if let Some(close) = body[i + 1..].find('`') {
                i += close + 2;
                continue;
            }
        }
        if !in_fence && body[i..].starts_with("{{") {
            match body[i..].find("}}") {
                Some(rel) => {
                    let end = i + rel + 2;
                    out.push(parse_call(&body[i + 2..i + rel], i).map(|(name, args)| Call {
                        name,
                        args,
                        start: i,
                        end,
                    }));
                    i = end;
                    continue;
                }
                None => {
                    out.push(Err(SyntaxError { offset: i, message: "`{{` is never closed with `}}`".into() }));
                    break;
                }
            }
        }
        i += body[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

type Parsed = (String, BTreeMap<String, ArgValue>);

fn parse_call(inner: &str, offset: usize) -> Result<Parsed, SyntaxError> {
    let err = |m: &str| SyntaxError { offset, message: m.to_string() };
    let inner = inner.trim();
    let open = inner.find('(').ok_or_else(|| err("expected `(` after the shortcode name"))?;
    let name = inner[..open].trim().to_string();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(err("the shortcode needs a name such as `photo`"));
    }
    let rest = inner[open + 1..].trim_end();
    let args_text = rest.strip_suffix(')').ok_or_else(|| err("expected `)` before `}}`"))?;
    let mut p = ArgParser { s: args_text, i: 0 };
    let mut args = BTreeMap::new();
    loop {
        p.skip_ws();
        if p.done() {
            break;
        }
        let key = p.ident().ok_or_else(|| err("expected an argument name like `src`"))?;
        p.skip_ws();
        if !p.eat('=') {
            return Err(err(&format!("expected `=` after `{key}`")));
        }
        p.skip_ws();
        let value = p.value().map_err(|m| err(&format!("`{key}`: {m}")))?;
        if args.insert(key.clone(), value).is_some() {
            return Err(err(&format!("`{key}` is given twice")));
        }
        p.skip_ws();
        if !p.eat(',') {
            p.skip_ws();
            if !p.done() {
                return Err(err("expected `,` between arguments"));
            }
        }
    }
    Ok((name, args))
}

struct ArgParser<'a> {
    s: &'a str,
    i: usize,
}

impl ArgParser<'_> {
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.i += c.len_utf8();
        }
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Option<String> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if !(c.is_ascii_alphanumeric() || c == '_') {
                break;
            }
            self.i += 1;
        }
        (self.i > start).then(|| self.s[start..self.i].to_string())
    }
    fn string(&mut self) -> Result<String, String> {
        let quote = self.peek().ok_or("expected a value")?;
        if quote != '"' && quote != '\'' {
            return Err("text must be in quotes".into());
        }
        self.i += 1;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.i += c.len_utf8();
            if c == '\\' {
                if let Some(n) = self.peek() {
                    self.i += n.len_utf8();
                    out.push(n);
                }
            } else if c == quote {
                return Ok(out);
            } else {
                out.push(c);
            }
        }
        Err("the quotes are never closed".into())
    }
    fn value(&mut self) -> Result<ArgValue, String> {
        match self.peek() {
            Some('"' | '\'') => self.string().map(ArgValue::Text),
            Some('[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.eat(']') {
                        return Ok(ArgValue::List(items));
                    }
                    items.push(self.string()?);
                    self.skip_ws();
                    if !self.eat(',') {
                        self.skip_ws();
                        if self.eat(']') {
                            return Ok(ArgValue::List(items));
                        }
                        return Err("expected `,` or `]` in the list".into());
                    }
                }
            }
            _ => {
                let start = self.i;
                while let Some(c) = self.peek() {
                    if c == ',' || c.is_whitespace() {
                        break;
                    }
                    self.i += c.len_utf8();
                }
                match &self.s[start..self.i] {
                    "true" => Ok(ArgValue::Bool(true)),
                    "false" => Ok(ArgValue::Bool(false)),
                    word => word
                        .parse::<f64>()
                        .map(ArgValue::Number)
                        .map_err(|_| format!("`{word}` is not a value; put text in quotes")),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_photo_call() {
        let body = "Intro\n\n{{ photo(src=\"relay.jpg\", alt=\"Children racing\", people=\"HB1001, HB1002\", no_pupils=false) }}\n";
        let calls = find(body);
        let c = calls[0].as_ref().unwrap();
        assert_eq!(c.name, "photo");
        assert_eq!(c.args["src"], ArgValue::Text("relay.jpg".into()));
        assert_eq!(c.args["no_pupils"], ArgValue::Bool(false));
        assert_eq!(&body[c.start..c.end], &body[7..body.len() - 1]);
    }

    #[test]
    fn lists_and_escaped_quotes() {
        let calls = find(r#"{{ photo(src='a.jpg', alt="The \"big\" race", people=["Zoë O'Neill", "HB1"]) }}"#);
        let c = calls[0].as_ref().unwrap();
        assert_eq!(c.args["alt"], ArgValue::Text("The \"big\" race".into()));
        assert_eq!(c.args["people"], ArgValue::List(vec!["Zoë O'Neill".into(), "HB1".into()]));
    }

    #[test]
    fn code_is_left_alone() {
        assert!(find("Write `{{ photo(src=\"x\") }}` like this\n```\n{{ photo() }}\n```\n").is_empty());
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let calls = find("{{ photo(src=relay.jpg) }}");
        let e = calls[0].as_ref().unwrap_err();
        assert!(e.message.contains("quotes"), "{}", e.message);
        let calls = find("{{ photo(src=\"a\" alt=\"b\") }}");
        assert!(calls[0].as_ref().unwrap_err().message.contains("`,`"));
    }
}
