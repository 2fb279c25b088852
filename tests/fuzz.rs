//! Hostile input: generated and mutated CSV and session files go through the same code the
//! window and the CLI use. No input may panic, hang or allocate without bound; each either
//! loads or is refused with an error.
//!
//! The suite runs a few thousand inputs per target (`ENERGY_LAB_FUZZ_CASES` changes it); the
//! dedicated run is `cargo test --release --test fuzz -- --ignored` (100 000 per target).

use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use burn::tensor::Device;
use energy_lab::data::csv::{CsvTable, to_csv};
use energy_lab::data::{DataSource, MAX_POINTS};
use energy_lab::models::ModelId;
use energy_lab::models::learner::{ModelRng, batch_rng};
use energy_lab::models::state::RngState;
use energy_lab::session::{Session, SlotState, format, restore_model};
use energy_lab::settings::Settings;
use rand::{RngExt, SeedableRng};

/// Counts live heap bytes and their peak, so a test can bound what one input allocates.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The counters are process-wide: the tests of this file take turns, so one test's
/// allocations never count against another's input.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// No single input may need more than this on top of what was live before it (the largest
/// legal inputs here are a few hundred KiB).
const MAX_EXTRA_BYTES: usize = 256 << 20;
/// A hang detector, not a speed target: the slowest legal input takes milliseconds.
const MAX_CASE_TIME: Duration = Duration::from_secs(10);

fn cases(dedicated: bool) -> usize {
    if dedicated {
        return 100_000;
    }
    std::env::var("ENERGY_LAB_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

type FuzzRng = ModelRng;

/// Runs `check` on `input`: a panic, a hang or a memory spike fails the test and names a file
/// holding the input, to replay.
fn run_case(target: &str, case: usize, input: &[u8], check: impl FnOnce(&[u8])) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| check(input)));
    let elapsed = started.elapsed();
    let extra = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let problem = match outcome {
        Err(_) => Some("panicked".to_owned()),
        Ok(()) if elapsed > MAX_CASE_TIME => Some(format!("took {elapsed:?}")),
        Ok(()) if extra > MAX_EXTRA_BYTES => Some(format!("allocated {extra} bytes")),
        Ok(()) => None,
    };
    if let Some(problem) = problem {
        let path = std::env::temp_dir().join(format!("energy-lab-fuzz-{target}-{case}.bin"));
        let _ = std::fs::write(&path, input);
        panic!(
            "{target} case {case} {problem}; input saved to {}",
            path.display()
        );
    }
}

// --- CSV -----------------------------------------------------------------------------------

/// A field: numbers of every shape, words, quotes, and the values the parser must refuse.
fn csv_field(rng: &mut FuzzRng) -> String {
    match rng.random_range(0..12) {
        0 => format!("{}", rng.random::<f32>() * 10.0 - 5.0),
        1 => format!("{}", rng.random_range(-1000i64..1000)),
        2 => format!(
            "{:e}",
            rng.random::<f64>() * 10f64.powi(rng.random_range(-60..60))
        ),
        3 => [
            "nan", "NaN", "inf", "-inf", "infinity", "1e39", "-1e39", "1e-50",
        ][rng.random_range(0..8)]
        .to_owned(),
        4 => "9".repeat(rng.random_range(1..400)),
        5 => [
            "y1", "y2", "label", "x", "", " ", "0x10", "1,5", "--1", "+.", ".",
        ][rng.random_range(0..11)]
        .to_owned(),
        6 => format!("\"{}\"", rng.random::<f32>()),
        7 => "\"".repeat(rng.random_range(1..4)),
        8 => char::from_u32(rng.random_range(0..0x11_0000))
            .unwrap_or('\u{fffd}')
            .to_string(),
        _ => format!("{:.3}", rng.random::<f32>() * 4.0 - 2.0),
    }
}

fn generated_csv(rng: &mut FuzzRng) -> Vec<u8> {
    let mut text = String::new();
    if rng.random_bool(0.05) {
        text.push('\u{feff}');
    }
    let delimiters = [",", ";", "\t", " ", "|", ",,"];
    let endings = ["\n", "\r\n", "\r", ""];
    let delimiter = delimiters[rng.random_range(0..delimiters.len())];
    for _ in 0..rng.random_range(0..40) {
        if rng.random_bool(0.05) {
            text.push_str("# a comment");
        } else {
            let fields = rng.random_range(0..5);
            let line: Vec<String> = (0..fields).map(|_| csv_field(rng)).collect();
            // Mostly one delimiter per file, sometimes another one mid-file.
            let d = if rng.random_bool(0.05) {
                delimiters[rng.random_range(0..delimiters.len())]
            } else {
                delimiter
            };
            text.push_str(&line.join(d));
        }
        text.push_str(endings[rng.random_range(0..endings.len())]);
    }
    text.into_bytes()
}

/// Byte-level damage: flips, inserts (invalid UTF-8 included), cuts and repeats.
fn mutate(rng: &mut FuzzRng, bytes: &mut Vec<u8>) {
    for _ in 0..rng.random_range(1..8) {
        let len = bytes.len();
        match rng.random_range(0..5) {
            0 if len > 0 => {
                let i = rng.random_range(0..len);
                bytes[i] ^= 1 << rng.random_range(0..8);
            }
            1 => {
                let i = rng.random_range(0..=len);
                let junk: Vec<u8> = (0..rng.random_range(1..16)).map(|_| rng.random()).collect();
                bytes.splice(i..i, junk);
            }
            2 if len > 0 => {
                let a = rng.random_range(0..len);
                let b = rng.random_range(a..=len.min(a + 64));
                bytes.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.random_range(0..len);
                let b = rng.random_range(a..=len.min(a + 64));
                let span = bytes[a..b].to_vec();
                bytes.splice(a..a, span);
            }
            _ => bytes.truncate(rng.random_range(0..=len)),
        }
    }
}

fn check_csv(bytes: &[u8]) -> bool {
    let Ok(table) = CsvTable::parse_bytes(bytes) else {
        return false;
    };
    assert!(table.rows() <= MAX_POINTS && table.columns() >= 2);
    let columns = table.columns();
    let mut picks = vec![table.default_columns(), (0, columns), (columns, 1)];
    let numeric = table.numeric_columns();
    if let [a, b, ..] = numeric[..] {
        picks.push((a, b));
    }
    for pick in picks {
        if let Ok(points) = table.points(pick) {
            assert_eq!(points.len(), table.rows());
            assert!(points.iter().flatten().all(|v| v.is_finite()), "{pick:?}");
        }
    }
    true
}

fn fuzz_csv(dedicated: bool) {
    let mut rng = FuzzRng::seed_from_u64(0x00c5_7f22);
    let valid: Vec<u8> = to_csv(&DataSource::default().points(0)).into_bytes();
    let mut parsed = 0;
    let total = cases(dedicated);
    for case in 0..total {
        let input = if rng.random_bool(0.5) {
            generated_csv(&mut rng)
        } else {
            let mut bytes = valid.clone();
            mutate(&mut rng, &mut bytes);
            bytes
        };
        run_case("csv", case, &input, |bytes| {
            parsed += usize::from(check_csv(bytes))
        });
    }
    // Enough inputs must load to exercise column picking, not only the refusals.
    assert!(
        parsed * 20 > total,
        "only {parsed} of {total} inputs parsed"
    );
    eprintln!("csv: {total} inputs, {parsed} parsed, none panicked");
}

// --- sessions ------------------------------------------------------------------------------

/// A real session with every model, as the window saves it.
fn every_model_session() -> Session {
    let device = Device::flex();
    let models = ModelId::ALL
        .iter()
        .map(|&id| SlotState {
            model: id,
            enabled: true,
            run: 0,
            step: 0,
            batches: RngState::of(&batch_rng(id, 0)),
            state: id.create(&device, 0).save_state().unwrap(),
        })
        .collect();
    Session {
        written_by: "fuzz".to_owned(),
        ..Session::new(&Settings::default(), models, serde_json::Value::Null)
    }
}

/// JSON-aware damage inside a valid wrapper (so the checksum passes and serde, the checks and
/// the models' restore see it): numbers swapped for extremes, tokens cut or repeated.
fn mutate_payload(rng: &mut FuzzRng, payload: &mut Vec<u8>) {
    let extremes: [&[u8]; 10] = [
        b"1e308",
        b"-1",
        b"0",
        b"4294967296",
        b"18446744073709551616",
        b"NaN",
        b"null",
        b"[]",
        b"{}",
        b"\"\"",
    ];
    for _ in 0..rng.random_range(1..4) {
        let len = payload.len();
        if len == 0 {
            return;
        }
        let at = rng.random_range(0..len);
        if rng.random_bool(0.6) {
            // Replace the number (or token) starting near `at` with an extreme.
            let start = (at..len)
                .find(|&i| payload[i].is_ascii_digit() || payload[i] == b'-')
                .unwrap_or(at);
            let end = (start..len)
                .find(|&i| !(payload[i].is_ascii_digit() || b"-+.eE".contains(&payload[i])))
                .unwrap_or(len);
            let with = extremes[rng.random_range(0..extremes.len())];
            payload.splice(start..end, with.iter().copied());
        } else {
            mutate(rng, payload);
        }
    }
}

fn check_session(bytes: &[u8]) {
    let Ok(session) = Session::from_bytes(bytes, Path::new("fuzz.energylab")) else {
        return;
    };
    let device = Device::flex();
    for slot in &session.models {
        // Loading may refuse the slot; it may never panic or load non-finite weights silently.
        let _ = restore_model(slot, &device, session.settings.seed);
    }
}

fn fuzz_sessions(dedicated: bool) {
    let mut rng = FuzzRng::seed_from_u64(0x5e55_1011);
    let session = every_model_session();
    let bytes = session.to_bytes().unwrap();
    let payload = bytes[format::HEADER_LEN..].to_vec();
    let mut restored = 0;
    let total = cases(dedicated);
    for case in 0..total {
        let input = match rng.random_range(0..3) {
            0 => {
                let mut raw = bytes.clone();
                mutate(&mut rng, &mut raw);
                raw
            }
            _ => {
                let mut p = payload.clone();
                mutate_payload(&mut rng, &mut p);
                format::wrap(&p)
            }
        };
        if Session::from_bytes(&input, Path::new("x")).is_ok() {
            restored += 1;
        }
        run_case("session", case, &input, check_session);
    }
    // The payload mutations must reach past the checksum into serde and the models' restore,
    // or the run tests only the wrapper.
    assert!(
        restored > 0,
        "no mutated session parsed: the fuzzer never got deep"
    );
    eprintln!(
        "session: {total} inputs, {restored} parsed (every model restore tried), none panicked"
    );
}

/// Files whose header claims absurd sizes are refused from the header alone.
#[test]
fn claimed_lengths_never_allocate() {
    let _turn = serial();
    let dir = std::env::temp_dir().join(format!("energy-lab-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = every_model_session().to_bytes().unwrap();
    let length_at = format::MAGIC.len() + 4;
    for claimed in [10_000_000_000u64, u64::MAX, format::MAX_PAYLOAD, 1 << 40] {
        let mut forged = bytes[..format::HEADER_LEN].to_vec();
        forged[length_at..length_at + 8].copy_from_slice(&claimed.to_le_bytes());
        forged.extend_from_slice(b"{}");
        let path = dir.join("forged.energylab");
        std::fs::write(&path, &forged).unwrap();
        run_case("claimed-length", claimed as usize, &forged, |_| {
            let err = Session::read(&path).expect_err("a forged length is refused");
            let text = err.to_string();
            assert!(
                text.contains("limit") || text.contains("truncated"),
                "{claimed}: {text}"
            );
        });
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn csv_inputs_never_panic() {
    let _turn = serial();
    fuzz_csv(false);
}

#[test]
fn session_inputs_never_panic() {
    let _turn = serial();
    fuzz_sessions(false);
}

#[test]
#[ignore = "the dedicated 100 000-input run: cargo test --release --test fuzz -- --ignored"]
fn dedicated_fuzz_run() {
    let _turn = serial();
    fuzz_csv(true);
    fuzz_sessions(true);
}

#[test]
fn the_counting_allocator_sees_allocations() {
    let _turn = serial();
    // Other threads (the test harness) may free memory meanwhile, so the counters are
    // checked against the live buffer itself, not against a difference.
    let big = std::hint::black_box(vec![1u8; 8 << 20]);
    assert!(LIVE.load(Ordering::Relaxed) >= 8 << 20);
    assert!(PEAK.load(Ordering::Relaxed) >= 8 << 20);
    drop(big);
}
