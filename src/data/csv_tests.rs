//! CSV import, property-tested with generated files: valid ones come back exactly, invalid
//! ones are refused with the right line, and nothing panics.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::MAX_POINTS;
use super::csv::{CsvError, CsvTable, to_csv};

const CASES: usize = 10_000;

/// A finite f32 from every corner: small, huge, negative zero, subnormal, integers.
fn value(rng: &mut StdRng) -> f32 {
    match rng.random_range(0..6) {
        0 => rng.random_range(-3.0..3.0),
        1 => rng.random_range(-1e30..1e30),
        2 => -0.0,
        3 => f32::from_bits(rng.random_range(1..0x0080_0000)), // subnormal
        4 => rng.random_range(-1000..1000) as f32,
        _ => f32::from_bits(rng.random::<u32>() & 0xbf7f_ffff), // any finite exponent
    }
}

fn format(rng: &mut StdRng, v: f32) -> String {
    match rng.random_range(0..3) {
        0 => format!("{v}"),
        1 => format!("{v:e}"),
        _ => format!(" {v} "), // padded
    }
}

struct Generated {
    text: String,
    points: Vec<[f32; 2]>,
    columns: (usize, usize),
    data_lines: Vec<usize>,
}

/// A valid file: 1–40 rows, 2–5 columns, optional header, one of three delimiters, CRLF or
/// LF, blank and comment lines, and the two columns to read back.
fn valid_file(rng: &mut StdRng) -> Generated {
    let columns = rng.random_range(2..=5);
    let rows = rng.random_range(1..=40);
    let delimiter = [",", ";", "\t"][rng.random_range(0..3)];
    let newline = if rng.random() { "\r\n" } else { "\n" };
    let a = rng.random_range(0..columns);
    let b = (a + rng.random_range(1..columns)) % columns;
    let mut text = String::new();
    let mut line = 0;
    let push = |text: &mut String, s: &str| {
        text.push_str(s);
        text.push_str(newline);
    };
    if rng.random() {
        line += 1;
        push(&mut text, "# made by a property test");
    }
    if rng.random() {
        line += 1;
        let names: Vec<String> = (0..columns).map(|c| format!("\"col{c}\"")).collect();
        push(&mut text, &names.join(delimiter));
    }
    let mut points = Vec::new();
    let mut data_lines = Vec::new();
    for _ in 0..rows {
        if rng.random_range(0..10) == 0 {
            line += 1;
            push(&mut text, "");
        }
        let values: Vec<f32> = (0..columns).map(|_| value(rng)).collect();
        let fields: Vec<String> = values.iter().map(|v| format(rng, *v)).collect();
        line += 1;
        data_lines.push(line);
        push(&mut text, &fields.join(delimiter));
        points.push([values[a], values[b]]);
    }
    Generated {
        text,
        points,
        columns: (a, b),
        data_lines,
    }
}

fn same_bits(a: &[[f32; 2]], b: &[[f32; 2]]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(p, q)| p[0].to_bits() == q[0].to_bits() && p[1].to_bits() == q[1].to_bits())
}

#[test]
fn valid_files_round_trip_exactly() {
    let mut rng = StdRng::seed_from_u64(1);
    for case in 0..CASES {
        let file = valid_file(&mut rng);
        let table = CsvTable::parse(&file.text)
            .unwrap_or_else(|e| panic!("case {case}: {e}\n{}", file.text));
        assert_eq!(table.rows(), file.points.len(), "case {case}");
        let points = table.points(file.columns).unwrap();
        assert!(
            same_bits(&points, &file.points),
            "case {case}\n{}",
            file.text
        );
        // And the app's own writer reads back bit for bit.
        let again = CsvTable::parse(&to_csv(&points)).unwrap();
        assert!(
            same_bits(&again.points((0, 1)).unwrap(), &points),
            "case {case}"
        );
    }
}

#[test]
fn invalid_files_are_refused_at_the_right_line() {
    let mut rng = StdRng::seed_from_u64(2);
    for case in 0..CASES {
        let file = valid_file(&mut rng);
        let mut lines: Vec<String> = file.text.lines().map(str::to_owned).collect();
        let row = rng.random_range(0..file.data_lines.len());
        let line = file.data_lines[row];
        let delimiter = [',', ';', '\t']
            .into_iter()
            .find(|d| lines[line - 1].contains(*d))
            .unwrap();
        let mut fields: Vec<String> = lines[line - 1]
            .split(delimiter)
            .map(str::to_owned)
            .collect();
        let (a, _) = file.columns;
        let kind = rng.random_range(0..4);
        match kind {
            0 => fields[a] = ["abc", "1.2.3", "", "--1", "0x10"][rng.random_range(0..5)].into(),
            1 => {
                fields[a] = ["NaN", "inf", "-inf", "1e39", "-1e300"][rng.random_range(0..5)].into()
            }
            2 => {
                fields.pop();
            }
            _ => fields.push("7".into()),
        }
        lines[line - 1] = fields.join(&delimiter.to_string());
        let text = lines.join("\n");
        let result = CsvTable::parse(&text).and_then(|t| t.points(file.columns));
        let err = match result {
            Err(e) => e,
            Ok(_) => {
                // Two corruptions can leave a valid file: a text field in the first row of a
                // header-less file makes it a header row, and one field more or less in a
                // one-row file is just a file with another column count.
                let header_now = row == 0 && kind == 0;
                let reshaped = file.data_lines.len() == 1 && kind >= 2;
                assert!(
                    header_now || reshaped,
                    "case {case} kind {kind} was accepted:\n{text}"
                );
                continue;
            }
        };
        let message = err.to_string();
        match (&err, kind) {
            (CsvError::NotANumber { line: l, .. }, 0)
            | (CsvError::NotFinite { line: l, .. }, 1) => {
                assert_eq!(*l, line, "case {case}: {message}")
            }
            // A short or long first data row sets the column count; the next row is then the
            // one that disagrees, or the file has one column left.
            (CsvError::FieldCount { .. } | CsvError::OneColumn { .. }, 2 | 3) if row == 0 => {}
            (CsvError::NoSuchColumn { .. }, 2) if row == 0 => {}
            (CsvError::FieldCount { line: l, .. }, 2 | 3) => {
                assert_eq!(*l, line, "case {case}: {text:?}")
            }
            (CsvError::Empty, _) => {}
            _ => panic!("case {case} kind {kind}: unexpected {err:?}\n{text}"),
        }
        assert!(!message.is_empty());
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = StdRng::seed_from_u64(3);
    let alphabet = b"0123456789.,;\t\n\r-+eE\"# naNinf\xff";
    for _ in 0..CASES {
        let len = rng.random_range(0..80);
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        if let Ok(table) = CsvTable::parse_bytes(&bytes) {
            let _ = table.points(table.default_columns());
            let _ = table.numeric_columns();
        }
    }
}

#[test]
fn refusals_say_what_is_wrong() {
    let cases: [(&str, &str); 6] = [
        ("", "no data rows"),
        ("y1,y2\n", "no data rows"),
        ("1\n2\n", "line 1: one column only"),
        ("1,2\n3,x\n", "line 2, column 2: \"x\" is not a number"),
        ("1,2\n3,NaN\n", "line 2, column 2: \"NaN\" is not finite"),
        ("1,2\n3,4,5\n", "line 2: 3 fields, but the first row has 2"),
    ];
    for (text, expected) in cases {
        let err = CsvTable::parse(text)
            .and_then(|t| t.points((0, 1)))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{text:?}: {err}");
    }
    assert_eq!(
        CsvTable::parse_bytes(b"1,2\n\xff,3\n").unwrap_err(),
        CsvError::NotText
    );
}

#[test]
fn the_row_limit_is_enforced_and_named() {
    let at_limit: String = (0..MAX_POINTS).map(|i| format!("{i},1\n")).collect();
    assert_eq!(CsvTable::parse(&at_limit).unwrap().rows(), MAX_POINTS);
    let over = format!("{at_limit}1,2\n3,4\n");
    let err = CsvTable::parse(&over).unwrap_err();
    assert_eq!(
        err,
        CsvError::TooManyRows {
            rows: MAX_POINTS + 2
        }
    );
    assert!(err.to_string().contains("10000"), "{err}");
}

#[test]
fn extra_columns_are_picked_by_index_or_name() {
    let table = CsvTable::parse("id,label,x,y\n1,a,0.5,1.5\n2,b,-1,2\n").unwrap();
    assert_eq!(table.numeric_columns(), vec![0, 2, 3]);
    assert_eq!(table.column_name(2), "x");
    assert_eq!(table.points((2, 3)).unwrap(), vec![[0.5, 1.5], [-1.0, 2.0]]);
    assert!(matches!(
        table.points((1, 2)),
        Err(CsvError::NotANumber {
            line: 2,
            column: 2,
            ..
        })
    ));
    assert!(matches!(
        table.points((0, 9)),
        Err(CsvError::NoSuchColumn { column: 10, .. })
    ));
}

#[test]
fn quoted_fields_keep_their_delimiters_and_quotes() {
    // A spreadsheet's export: units in quoted headers, a quoted label with a comma and a
    // doubled quote, numbers quoted or not.
    let text = "\"x, mm\",\"y, mm\",\"label \"\"a\"\", b\"\n\"0.5\",1.5,\"p, 1\"\n-1,\"2\",q\n";
    let table = CsvTable::parse(text).unwrap();
    assert_eq!(table.columns(), 3);
    assert_eq!(table.column_name(0), "x, mm");
    assert_eq!(table.column_name(1), "y, mm");
    assert_eq!(table.column_name(2), "label \"a\", b");
    assert_eq!(table.numeric_columns(), vec![0, 1]);
    assert_eq!(table.points((0, 1)).unwrap(), vec![[0.5, 1.5], [-1.0, 2.0]]);
    // The delimiter is guessed outside quotes: semicolons here, commas only inside them.
    let table = CsvTable::parse("\"a, b\";\"c, d\"\n1;2\n3;4\n").unwrap();
    assert_eq!(table.columns(), 2);
    assert_eq!(table.points((0, 1)).unwrap(), vec![[1.0, 2.0], [3.0, 4.0]]);
    // Line numbers still count blank and comment lines.
    let table = CsvTable::parse("\"x, mm\",\"y, mm\"\n\n# note\n1,2\n3,\"x\"\n").unwrap();
    let err = table.points((0, 1)).unwrap_err();
    assert_eq!(
        err,
        CsvError::NotANumber {
            line: 5,
            column: 2,
            text: "x".into()
        }
    );
}
