//! The header dictionary of a `.npy` file, parsed strictly and in bounded time.
//!
//! A `.npy` file (NumPy's format, versions 1.0–3.0) starts with the magic `\x93NUMPY`, a
//! version, a little-endian header length, and then the header text: a Python literal
//! dictionary with exactly the keys `descr`, `fortran_order` and `shape`, padded with spaces
//! and ended by a newline, e.g. `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
//! This module parses that text (the bytes before it are checked by the caller).
//!
//! Only what NumPy writes for a plain array is accepted: a `descr` string (a byte-order
//! character `<`, `>`, `|` or `=`, a type character and a byte size), a boolean, and a tuple of
//! non-negative integers (Python 2's `L` suffix allowed); single or double quotes, any
//! whitespace, optional trailing commas, the keys in any order, each exactly once. A
//! structured dtype (a list as `descr`) is reported as such. Every integer is parsed with
//! checked arithmetic; the parser is one left-to-right pass, so its time is linear in the
//! header's length (which the caller bounds).
//!
//! Why not a general Python-literal parser: the dictionary has three fixed keys and the
//! format specification fixes their value types, so a 200-line strict parser replaces the
//! `npyz`/`py_literal`/`pest` stack (a PEG parser generator and its build scripts, about a
//! tenth of the crate's clean test build) and gives errors in this crate's words.
//!
//! ## References
//! - NumPy Enhancement Proposal 1, *A simple file format for NumPy arrays*
//!   (numpy.org/neps/nep-0001-npy-format.html), and `numpy.lib.format`.

use std::fmt;

/// The three entries of a `.npy` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NpyHeader {
    /// The `descr` string, e.g. `<f8` (a structured dtype is an error).
    pub descr: String,
    /// `fortran_order`.
    pub fortran: bool,
    /// `shape`.
    pub shape: Vec<u64>,
}

/// Why a header text was refused (one line; the caller adds the file and tensor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HeaderError {
    /// The text is not a dictionary of the expected form; says what was expected and where.
    Syntax {
        /// Byte offset in the header text.
        at: usize,
        /// What was expected there.
        expected: &'static str,
    },
    /// A key other than `descr`, `fortran_order`, `shape`, or one of them twice.
    Key(String),
    /// One of the three keys is missing.
    Missing(&'static str),
    /// `descr` is a list: a structured dtype.
    Structured,
    /// A shape entry does not fit in `u64`.
    Overflow {
        /// Byte offset of the integer.
        at: usize,
    },
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax { at, expected } => {
                write!(f, "header: expected {expected} at byte {at}")
            }
            Self::Key(k) => write!(f, "header: unexpected or repeated key {k:?}"),
            Self::Missing(k) => write!(f, "header: no '{k}' entry"),
            Self::Structured => write!(f, "header: a structured dtype"),
            Self::Overflow { at } => write!(f, "header: shape entry at byte {at} overflows u64"),
        }
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8, expected: &'static str) -> Result<(), HeaderError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.syntax(expected))
        }
    }

    fn syntax(&self, expected: &'static str) -> HeaderError {
        HeaderError::Syntax {
            at: self.i,
            expected,
        }
    }

    /// A quoted string without escapes (NumPy's keys and type strings have none).
    fn string(&mut self) -> Result<&'a str, HeaderError> {
        let q = match self.peek() {
            Some(q @ (b'\'' | b'"')) => q,
            _ => return Err(self.syntax("a quoted string")),
        };
        let start = self.i + 1;
        let len = self.s[start..]
            .iter()
            .position(|&c| c == q || c == b'\\' || c == b'\n')
            .ok_or(HeaderError::Syntax {
                at: start,
                expected: "a closing quote",
            })?;
        if self.s[start + len] != q {
            return Err(HeaderError::Syntax {
                at: start + len,
                expected: "a string without escapes or newlines",
            });
        }
        self.i = start + len + 1;
        std::str::from_utf8(&self.s[start..start + len]).map_err(|_| HeaderError::Syntax {
            at: start,
            expected: "UTF-8 text",
        })
    }

    fn word(&mut self, w: &str) -> bool {
        self.ws();
        let end = self.i + w.len();
        if self.s.get(self.i..end) == Some(w.as_bytes())
            && !self
                .s
                .get(end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            self.i = end;
            true
        } else {
            false
        }
    }

    fn boolean(&mut self) -> Result<bool, HeaderError> {
        if self.word("True") {
            Ok(true)
        } else if self.word("False") {
            Ok(false)
        } else {
            Err(self.syntax("True or False"))
        }
    }

    fn integer(&mut self) -> Result<u64, HeaderError> {
        self.ws();
        let at = self.i;
        let mut v: u64 = 0;
        let mut digits = 0usize;
        while let Some(&c) = self.s.get(self.i) {
            if !c.is_ascii_digit() {
                break;
            }
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(c - b'0')))
                .ok_or(HeaderError::Overflow { at })?;
            digits += 1;
            self.i += 1;
        }
        if digits == 0 {
            return Err(self.syntax("a non-negative integer"));
        }
        if matches!(self.s.get(self.i), Some(b'L' | b'l')) {
            self.i += 1;
        }
        Ok(v)
    }

    /// `()`, `(n,)`, `(n, m)`, `(n, m,)`, ...
    fn shape(&mut self) -> Result<Vec<u64>, HeaderError> {
        self.expect(b'(', "a shape tuple '('")?;
        let mut shape = Vec::new();
        loop {
            if self.eat(b')') {
                break;
            }
            shape.push(self.integer()?);
            if self.eat(b',') {
                continue;
            }
            // a one-element tuple needs its comma: `(3)` is an integer in Python
            if shape.len() == 1 {
                return Err(self.syntax("',' after the only shape entry"));
            }
            self.expect(b')', "',' or ')' in the shape tuple")?;
            break;
        }
        Ok(shape)
    }
}

/// Parse a `.npy` header text (the bytes after the length field, padding and newline included).
pub(crate) fn parse_header(text: &str) -> Result<NpyHeader, HeaderError> {
    let mut c = Cursor {
        s: text.as_bytes(),
        i: 0,
    };
    c.expect(b'{', "'{'")?;
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    loop {
        if c.eat(b'}') {
            break;
        }
        let key = c.string()?;
        c.expect(b':', "':' after a key")?;
        match key {
            "descr" if descr.is_none() => {
                if c.peek() == Some(b'[') {
                    return Err(HeaderError::Structured);
                }
                descr = Some(c.string()?.to_string());
            }
            "fortran_order" if fortran.is_none() => fortran = Some(c.boolean()?),
            "shape" if shape.is_none() => shape = Some(c.shape()?),
            other => return Err(HeaderError::Key(other.to_string())),
        }
        if c.eat(b',') {
            continue;
        }
        c.expect(b'}', "',' or '}' after an entry")?;
        break;
    }
    if c.peek().is_some() {
        return Err(c.syntax("only spaces and a newline after '}'"));
    }
    Ok(NpyHeader {
        descr: descr.ok_or(HeaderError::Missing("descr"))?,
        fortran: fortran.ok_or(HeaderError::Missing("fortran_order"))?,
        shape: shape.ok_or(HeaderError::Missing("shape"))?,
    })
}

/// A plain `descr` split into byte order, type character and size: `<f8` is
/// `(Some(false), 'f', 8)`; `|` (not applicable) and `=` (native) give the byte order of
/// this machine only for one-byte types and native order respectively.
pub(crate) fn split_descr(descr: &str) -> Option<(bool, char, u32)> {
    let mut chars = descr.chars();
    let order = chars.next()?;
    let kind = chars.next()?;
    let size: u32 = chars.as_str().parse().ok()?;
    if chars.as_str().starts_with('+') {
        return None;
    }
    let big = match order {
        '<' => false,
        '>' => true,
        '|' if size == 1 => cfg!(target_endian = "big"),
        '=' => cfg!(target_endian = "big"),
        _ => return None,
    };
    Some((big, kind, size))
}
