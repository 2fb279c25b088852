//! The file format refuses every damaged or foreign file with a message, never a panic.

use std::path::Path;

use burn::tensor::Device;

use super::format::{FormatError, HEADER_LEN, MAGIC, VERSION};
use super::*;
use crate::models::EnergyModel;
use crate::models::ellipse::EllipseModel;
use crate::models::learner::batch_rng;

/// A real, small session: the ellipse model on the course's data.
fn small_session() -> Session {
    let device = Device::flex();
    let model = EllipseModel::new(&device);
    let models = vec![SlotState {
        model: ModelId::Ellipse,
        enabled: true,
        run: 0,
        step: 0,
        batches: RngState::of(&batch_rng(ModelId::Ellipse, 0)),
        state: model.save_state().unwrap(),
    }];
    // Drawn points: kept in the file bit for bit (a built-in set is redrawn from the seed).
    let settings = Settings {
        data: crate::data::DataSource::Points {
            label: "drawn".to_owned(),
            points: crate::data::DataSource::default().points(0).into(),
            x: None,
        },
        ..Settings::default()
    };
    Session {
        written_by: "test".to_owned(),
        ..Session::new(&settings, models, serde_json::Value::Null)
    }
}

fn decode(bytes: &[u8]) -> Result<Session, SessionError> {
    Session::from_bytes(bytes, Path::new("test.energylab"))
}

#[test]
fn a_session_survives_bytes_and_every_prefix_of_it_is_refused() {
    let session = small_session();
    let bytes = session.to_bytes().unwrap();
    assert_eq!(decode(&bytes).unwrap(), session);
    assert!(bytes.len() > 1000, "{} bytes", bytes.len());
    for n in 0..bytes.len() {
        let err = decode(&bytes[..n]).expect_err("a prefix is not a session");
        let text = err.to_string();
        match n {
            0 => assert!(text.contains("empty"), "{n}: {text}"),
            _ => assert!(text.contains("truncated"), "{n}: {text}"),
        }
    }
}

#[test]
fn corrupt_foreign_and_other_version_files_are_refused_by_name() {
    let bytes = small_session().to_bytes().unwrap();
    // A flipped bit anywhere in the payload: the checksum catches it.
    for at in (HEADER_LEN..bytes.len()).step_by(97) {
        let mut bad = bytes.clone();
        bad[at] ^= 0x10;
        let text = decode(&bad).unwrap_err().to_string();
        assert!(text.contains("corrupt"), "byte {at}: {text}");
    }
    let with_version = |v: u32| {
        let mut b = bytes.clone();
        b[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&v.to_le_bytes());
        decode(&b).unwrap_err().to_string()
    };
    assert!(with_version(VERSION + 1).contains("newer energy-lab"));
    assert!(with_version(0).contains("no longer reads"));
    for foreign in [
        b"\x89PNG\r\n\x1a\n".as_slice(),
        b"y1,y2\n1,2\n",
        b"energy-lab session\n\x01",
        &[0u8; 64],
    ] {
        let text = decode(foreign).unwrap_err().to_string();
        assert!(text.contains("not an energy-lab session"), "{text}");
    }
    // A header claiming 10 GB is refused from the header alone.
    let mut huge = bytes[..HEADER_LEN].to_vec();
    huge[MAGIC.len() + 4..MAGIC.len() + 12].copy_from_slice(&10_000_000_000u64.to_le_bytes());
    assert!(matches!(
        format::check_header(&huge, huge.len() as u64),
        Err(FormatError::TooLarge(10_000_000_000))
    ));
    // Valid container, nonsense inside: refused as damaged.
    let junk = format::wrap(b"{\"seed\": \"soup\"}");
    assert!(decode(&junk).unwrap_err().to_string().contains("damaged"));
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(
        decode(&trailing)
            .unwrap_err()
            .to_string()
            .contains("after the end")
    );
}

#[test]
fn random_bytes_never_panic() {
    let bytes = small_session().to_bytes().unwrap();
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..2000 {
        let mut b = bytes.clone();
        // Mutate a few bytes, sometimes in the header, and fix the checksum half the time so
        // the JSON parser and the model loader see damaged contents too.
        for _ in 0..(next() % 4 + 1) {
            let at = (next() as usize) % b.len();
            b[at] = next() as u8;
        }
        if next() % 2 == 0 && b.len() > HEADER_LEN {
            let sum = format::checksum(&b[HEADER_LEN..]);
            b[MAGIC.len() + 12..HEADER_LEN].copy_from_slice(&sum.to_le_bytes());
        }
        if let Ok(session) = decode(&b) {
            // Whatever still parses must restore or be refused, never panic.
            let device = Device::flex();
            for slot in &session.models {
                let _ = restore_model(slot, &device, session.settings.seed);
            }
        }
    }
}

#[test]
fn a_save_that_dies_half_way_leaves_the_previous_file_loadable() {
    let dir = std::env::temp_dir().join(format!("energy-lab-session-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("work.energylab");
    let session = small_session();
    session.write(&path).unwrap();
    let bytes = session.to_bytes().unwrap();
    let killed = write_atomically(&path, |out| {
        out.write_all(&bytes[..bytes.len() / 2])?;
        Err(std::io::Error::other("killed mid-save"))
    });
    assert!(killed.is_err());
    assert_eq!(Session::read(&path).unwrap(), session);
    // A read-only target: an error naming the file, the old one intact.
    let missing = Session::read(&dir.join("nope.energylab")).unwrap_err();
    assert!(missing.to_string().contains("nope.energylab"), "{missing}");
    std::fs::remove_dir_all(&dir).unwrap();
}
