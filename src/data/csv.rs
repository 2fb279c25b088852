//! CSV import: two numeric columns (the user picks which when there are more), an optional
//! header, `,` `;` or tab between fields. Every refusal names the line and the problem, and
//! nothing is read into the app until the whole file has passed. Fields are tokenised by the
//! `csv` crate (quotes, embedded delimiters, doubled quotes); the delimiter guess, header
//! detection, finite checks and line numbers are ours.

use thiserror::Error;

use super::MAX_POINTS;

#[derive(Debug, Error, PartialEq)]
pub enum CsvError {
    #[error("the file has no data rows")]
    Empty,
    #[error("line {line}: one column only; a data file needs two numeric columns (y1, y2)")]
    OneColumn { line: usize },
    #[error("line {line}: {found} fields, but the first row has {expected}")]
    FieldCount {
        line: usize,
        found: usize,
        expected: usize,
    },
    #[error("line {line}, column {column}: {text:?} is not a number")]
    NotANumber {
        line: usize,
        column: usize,
        text: String,
    },
    #[error("line {line}, column {column}: {text:?} is not finite (NaN and ±inf are refused)")]
    NotFinite {
        line: usize,
        column: usize,
        text: String,
    },
    #[error(
        "{rows} data rows: the limit for interactive use is {MAX_POINTS} \
         (every model trains on every point at each step)"
    )]
    TooManyRows { rows: usize },
    #[error("column {column} does not exist: the file has {columns} columns")]
    NoSuchColumn { column: usize, columns: usize },
    #[error("conditional rows need an x column and two more numeric columns (y1, y2)")]
    TooFewColumns,
    #[error("the file is not text (UTF-8)")]
    NotText,
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
}

/// From `at`, past the empty lines and `#` comment lines the reader skips.
fn skip_to_record(text: &str, mut at: usize) -> usize {
    while let Some(rest) = text.get(at..) {
        if rest.starts_with(['\r', '\n']) {
            at += 1;
        } else if rest.starts_with('#') {
            at += rest.find('\n').map_or(rest.len(), |n| n + 1);
        } else {
            break;
        }
    }
    at
}

/// Blank lines and `#` comments are skipped wherever they are.
fn is_blank_or_comment(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

/// The first of `,` `;` tab that separates fields in `line` (outside quotes).
fn guess_delimiter(line: &str) -> Option<u8> {
    let mut quoted = false;
    let mut seen = [false; 3];
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => seen[0] = true,
            ';' if !quoted => seen[1] = true,
            '\t' if !quoted => seen[2] = true,
            _ => {}
        }
    }
    [b',', b';', b'\t']
        .into_iter()
        .zip(seen)
        .find_map(|(d, seen)| seen.then_some(d))
}

/// A parsed file: every field kept as text until two columns are chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvTable {
    /// Column names from the header row, if the first row was one.
    pub header: Option<Vec<String>>,
    /// Data rows with their 1-based line numbers.
    rows: Vec<(usize, Vec<String>)>,
    columns: usize,
}

impl CsvTable {
    pub fn parse_bytes(bytes: &[u8]) -> Result<CsvTable, CsvError> {
        Self::parse(std::str::from_utf8(bytes).map_err(|_| CsvError::NotText)?)
    }

    pub fn parse(text: &str) -> Result<CsvTable, CsvError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text); // a BOM from spreadsheets
        let Some((first_line, first)) = text
            .lines()
            .enumerate()
            .find(|(_, l)| !is_blank_or_comment(l))
        else {
            return Err(CsvError::Empty);
        };
        let first_line = first_line + 1;
        let delimiter = guess_delimiter(first).ok_or(CsvError::OneColumn { line: first_line })?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            // Rows of another length are reported by us, with their line.
            .flexible(true)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        // Line numbers from byte offsets: the csv reader's own line count leaves out the blank
        // and comment lines it skips, and a record's offset is where the reader began, before
        // the blank and comment lines it skipped to reach the record.
        let newlines: Vec<usize> = text.match_indices('\n').map(|(at, _)| at).collect();
        let line_at = |byte: u64| {
            let start = usize::try_from(byte).map_or(text.len(), |b| skip_to_record(text, b));
            newlines.partition_point(|&at| at < start) + 1
        };
        let mut lines = reader.records().filter_map(|record| match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                let fields: Vec<String> = record.iter().map(str::to_owned).collect();
                let blank = fields.iter().all(String::is_empty);
                let comment = fields.first().is_some_and(|f| f.starts_with('#'));
                (!blank && !comment).then_some(Ok((line, fields)))
            }
            Err(e) => Some(Err(e)),
        });
        let next = |lines: &mut dyn Iterator<Item = Result<(usize, Vec<String>), csv::Error>>| {
            lines.next().transpose().map_err(|e| match e.kind() {
                csv::ErrorKind::Utf8 { .. } => CsvError::NotText,
                _ => CsvError::Malformed {
                    line: e.position().map_or(0, |p| line_at(p.byte())),
                    message: e.to_string(),
                },
            })
        };
        let Some((_, first_fields)) = next(&mut lines)? else {
            return Err(CsvError::Empty);
        };
        let columns = first_fields.len();
        // A header is a first row where no field is a number: "y1,y2,label" is one, while
        // "0.5,abc" is a data row with a bad field (reported when that column is picked).
        let is_header = first_fields.iter().all(|f| parse_number(f).is_none());
        let mut rows = Vec::new();
        let header = if is_header {
            Some(first_fields)
        } else {
            rows.push((first_line, first_fields));
            None
        };
        while let Some((line, fields)) = next(&mut lines)? {
            if fields.len() != columns {
                return Err(CsvError::FieldCount {
                    line,
                    found: fields.len(),
                    expected: columns,
                });
            }
            rows.push((line, fields));
            if rows.len() > MAX_POINTS {
                // Counting the rest is cheap and tells the user how far over they are.
                let rows = rows.len() + lines.filter(Result::is_ok).count();
                return Err(CsvError::TooManyRows { rows });
            }
        }
        if rows.is_empty() {
            return Err(CsvError::Empty);
        }
        Ok(CsvTable {
            header,
            rows,
            columns,
        })
    }

    pub fn columns(&self) -> usize {
        self.columns
    }

    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    /// Column `c` (0-based) by its header name, or "column c+1".
    pub fn column_name(&self, c: usize) -> String {
        self.header
            .as_ref()
            .and_then(|h| h.get(c))
            .filter(|n| !n.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("column {}", c + 1))
    }

    /// The columns whose every field is a finite number: the ones a user can pick.
    pub fn numeric_columns(&self) -> Vec<usize> {
        (0..self.columns)
            .filter(|c| {
                self.rows
                    .iter()
                    .all(|(_, f)| parse_number(&f[*c]).is_some_and(f64::is_finite))
            })
            .collect()
    }

    /// The first two numeric columns, the default pick.
    pub fn default_columns(&self) -> (usize, usize) {
        match self.numeric_columns().as_slice() {
            [a, b, ..] => (*a, *b),
            _ => (0, 1),
        }
    }

    /// The values of column `c` (0-based), or the first bad field.
    pub fn column(&self, c: usize) -> Result<Vec<f32>, CsvError> {
        if c >= self.columns {
            return Err(CsvError::NoSuchColumn {
                column: c + 1,
                columns: self.columns,
            });
        }
        self.rows
            .iter()
            .map(|(line, fields)| field(*line, c, fields))
            .collect()
    }

    /// The points `(column a, column b)` (0-based), or the first bad field.
    pub fn points(&self, (a, b): (usize, usize)) -> Result<Vec<[f32; 2]>, CsvError> {
        for c in [a, b] {
            if c >= self.columns {
                return Err(CsvError::NoSuchColumn {
                    column: c + 1,
                    columns: self.columns,
                });
            }
        }
        self.rows
            .iter()
            .map(|(line, fields)| Ok([field(*line, a, fields)?, field(*line, b, fields)?]))
            .collect()
    }
}

fn field(line: usize, column: usize, fields: &[String]) -> Result<f32, CsvError> {
    let text = &fields[column];
    let value = parse_number(text).ok_or_else(|| CsvError::NotANumber {
        line,
        column: column + 1,
        text: text.clone(),
    })?;
    // A finite f64 beyond f32's range would become ±inf here: refuse it the same way.
    let narrow = value as f32;
    if !value.is_finite() || !narrow.is_finite() {
        return Err(CsvError::NotFinite {
            line,
            column: column + 1,
            text: text.clone(),
        });
    }
    Ok(narrow)
}

/// A number as Rust reads one (which also accepts "NaN" and "inf": the caller refuses those).
fn parse_number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok()
}

/// `points` as a CSV the parser reads back exactly (Rust's shortest round-trip formatting).
pub fn to_csv(points: &[[f32; 2]]) -> String {
    let mut out = String::from("y1,y2\n");
    for p in points {
        out.push_str(&format!("{},{}\n", p[0], p[1]));
    }
    out
}
