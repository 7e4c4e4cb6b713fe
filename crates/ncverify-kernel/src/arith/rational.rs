//! # Exact rational numbers
//!
//! The kernel's number type is [`Q`] = `BigRational`: arbitrary-precision, always reduced.
//! This file adds parsing of user input (`"1/250"`, `"0.004"`, `"1e-3"`, `"-7"`) into exact
//! rationals and a few constructors. Parsing a decimal is exact: `0.004` is `1/250`, not the
//! nearest binary float.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use std::fmt;

/// The kernel's exact number type.
pub type Q = BigRational;
/// Arbitrary-precision integer.
pub type Z = BigInt;

/// `a/b` as an exact rational: the helper for *literals* such as `q(1, 1000)`.
///
/// # Panics
/// If `b == 0`, like `Q::new` and integer division. A zero denominator in a literal is a
/// typo, so failing loudly is kept; a denominator that is computed or comes from a user goes
/// through [`try_q`] (or [`parse_rational`] for text), which returns an error instead.
#[track_caller]
pub fn q(a: i64, b: i64) -> Q {
    match try_q(a, b) {
        Ok(x) => x,
        Err(_) => panic!("q({a}, {b}): zero denominator b (use try_q for computed values)"),
    }
}

/// `a/b` as an exact rational, for computed denominators.
///
/// # Errors
/// [`ParseRationalError::ZeroArgument`] naming `b` if `b == 0`.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::{q, try_q};
/// assert_eq!(try_q(2, -4), Ok(q(-1, 2)));
/// assert!(try_q(1, 0).is_err());
/// ```
pub fn try_q(a: i64, b: i64) -> Result<Q, ParseRationalError> {
    if b == 0 {
        return Err(ParseRationalError::ZeroArgument { parameter: "b" });
    }
    Ok(Q::new(Z::from(a), Z::from(b)))
}

/// The integer `a` as a rational.
pub fn qi(a: i64) -> Q {
    Q::from_integer(Z::from(a))
}

/// Why a string is not an exact rational number.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseRationalError {
    /// Empty input.
    Empty,
    /// A denominator of zero, as in `1/0`.
    ZeroDenominator,
    /// Not of the form `p`, `p/q`, `d.ddd` or `d.ddde±x` (includes `NaN`, `inf`).
    Malformed,
    /// An exponent so large that the number cannot reasonably be represented.
    ExponentTooLarge,
    /// A numeric argument that must not be zero is zero (`b` of [`try_q`]).
    ZeroArgument {
        /// The caller's argument.
        parameter: &'static str,
    },
}

impl fmt::Display for ParseRationalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "empty number"),
            Self::ZeroDenominator => write!(f, "zero denominator"),
            Self::Malformed => write!(
                f,
                "not a finite number (expected an integer, a fraction p/q or a decimal such as 0.004 or 1e-3)"
            ),
            Self::ExponentTooLarge => write!(f, "exponent out of range (|e| <= 10000)"),
            Self::ZeroArgument { parameter } => {
                write!(f, "{parameter}: {parameter} = 0, need {parameter} != 0")
            }
        }
    }
}

impl std::error::Error for ParseRationalError {}

impl ParseRationalError {
    /// The caller's argument the error is about: `s` of [`parse_rational`] (the messages
    /// describe the text, so a caller can prefix its own field name), or `b` of [`try_q`].
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::Empty | Self::ZeroDenominator | Self::Malformed | Self::ExponentTooLarge => "s",
            Self::ZeroArgument { parameter } => parameter,
        }
    }
}

/// Parse `p`, `p/q`, or a decimal with optional exponent, exactly.
///
/// # Errors
/// [`ParseRationalError::Empty`] for blank text, [`ParseRationalError::ZeroDenominator`] for
/// `p/0`, [`ParseRationalError::ExponentTooLarge`] for an exponent beyond $\pm 10^4$, and
/// [`ParseRationalError::Malformed`] otherwise (`NaN`, `inf`, `1/2/3`, `0x10`).
///
/// # Cost
/// Quadratic in the number of digits at worst (the decimal digits become a big integer).
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::{parse_rational, q};
/// assert_eq!(parse_rational("1/250").unwrap(), q(1, 250));
/// assert_eq!(parse_rational("0.004").unwrap(), q(1, 250));
/// assert_eq!(parse_rational("4e-3").unwrap(), q(1, 250));
/// assert!(parse_rational("NaN").is_err());
/// assert!(parse_rational("1/0").is_err());
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn parse_rational(s: &str) -> Result<Q, ParseRationalError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ParseRationalError::Empty);
    }
    if let Some((num, den)) = s.split_once('/') {
        let n = parse_decimal(num.trim())?;
        let d = parse_decimal(den.trim())?;
        if d.is_zero() {
            return Err(ParseRationalError::ZeroDenominator);
        }
        return Ok(n / d);
    }
    parse_decimal(s)
}

fn parse_decimal(s: &str) -> Result<Q, ParseRationalError> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        Some(_) => (false, s),
        None => return Err(ParseRationalError::Empty),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => {
            let e: i64 = body[i + 1..]
                .parse()
                .map_err(|_| ParseRationalError::Malformed)?;
            (&body[..i], e)
        }
        None => (body, 0),
    };
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((a, b)) => (a, b),
        None => (mantissa, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(ParseRationalError::Malformed);
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(ParseRationalError::Malformed);
    }
    if exp.unsigned_abs() > 10_000 {
        return Err(ParseRationalError::ExponentTooLarge);
    }
    let digits = format!("{int_part}{frac_part}");
    let n: Z = digits.parse().map_err(|_| ParseRationalError::Malformed)?;
    if frac_part.len() > 100_000 {
        return Err(ParseRationalError::ExponentTooLarge);
    }
    let scale = exp - frac_part.len() as i64;
    let ten = Z::from(10);
    let mut v = Q::from_integer(n);
    if scale >= 0 {
        v *= Q::from_integer(num_traits::pow(ten, scale as usize));
    } else {
        v /= Q::from_integer(num_traits::pow(ten, (-scale) as usize));
    }
    Ok(if neg { -v } else { v })
}

/// `x^e` for a rational `x` and a natural exponent `e` (exact; `x^0 = 1`).
///
/// # Cost
/// Repeated squaring: a result of about $e$ times the bits of $x$ (no bound on `e`).
#[cfg_attr(doc, doc = katex!())]
pub fn pow_u(x: &Q, e: u32) -> Q {
    num_traits::pow(x.clone(), e as usize)
}

/// $x^e$ for a 64-bit exponent, by repeated squaring.
///
/// # Cost
/// As [`pow_u`].
// x^e = Π_{bits i of e} x^(2^i)
pub fn pow_u64(x: &Q, mut e: u64) -> Q {
    let mut base = x.clone();
    let mut acc = Q::one();
    while e > 0 {
        if e & 1 == 1 {
            acc *= &base;
        }
        e >>= 1;
        if e > 0 {
            base = &base * &base;
        }
    }
    acc
}

/// `true` iff `x > 0`.
pub fn is_positive(x: &Q) -> bool {
    x.is_positive()
}

/// The rational `1`.
pub fn one() -> Q {
    Q::one()
}

/// The rational `0`.
pub fn zero() -> Q {
    Q::zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fractions_decimals_exponents() {
        assert_eq!(parse_rational("3").unwrap(), qi(3));
        assert_eq!(parse_rational("-3/6").unwrap(), q(-1, 2));
        assert_eq!(parse_rational("1e-3").unwrap(), q(1, 1000));
        assert_eq!(parse_rational("2.5E2").unwrap(), qi(250));
        assert_eq!(parse_rational(".5").unwrap(), q(1, 2));
        assert_eq!(parse_rational("0.1/3").unwrap(), q(1, 30));
    }

    #[test]
    fn rejects_non_finite_and_malformed() {
        for bad in [
            "", "NaN", "nan", "inf", "-inf", "1/0", "0/0", "1..2", "1e", "e3", "abc", "1/", ".",
        ] {
            assert!(parse_rational(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(
            parse_rational("1/0"),
            Err(ParseRationalError::ZeroDenominator)
        );
        assert_eq!(
            parse_rational("1e99999"),
            Err(ParseRationalError::ExponentTooLarge)
        );
    }
}
