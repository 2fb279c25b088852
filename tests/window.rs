//! The real window under Xvfb (the README runs the tests in `xvfb-run`), as the binary that
//! `cargo test` builds: it trains, screenshots itself through egui and exits 0.

mod common;

use common::{bin, run, scratch};

fn needs_display() {
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "this test opens a real window: run the tests under `xvfb-run -a` (see README.md)"
    );
}

/// Pixels of `image` within 3 of `rgb` on every channel.
fn count(image: &image::RgbaImage, rgb: [u8; 3]) -> usize {
    image
        .pixels()
        .filter(|p| (0..3).all(|c| (i32::from(p.0[c]) - i32::from(rgb[c])).abs() <= 3))
        .count()
}

/// The real window under Xvfb: trains, screenshots itself through egui, exits 0.
#[test]
fn window_screenshot_shows_the_course_colours() {
    needs_display();
    let dir = scratch("window");
    let png = dir.join("shot.png");
    let (out, stdout, stderr) = run(bin()
        .args([
            "--backend",
            "cpu",
            "--quit-after-steps",
            "300",
            "--screenshot",
        ])
        .arg(&png)
        .env("XDG_RUNTIME_DIR", &dir));
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    let image = image::open(&png).unwrap().to_rgba8();
    assert_eq!(image.dimensions(), (1280, 800), "the window's size");
    let count = |rgb: [u8; 3]| count(&image, rgb);
    let blue = count([0x80, 0xb1, 0xd3]);
    let violet = count([0xbc, 0x80, 0xbd]);
    assert!(blue >= 100, "data blue #80b1d3: {blue} pixels");
    assert!(violet >= 100, "manifold violet #bc80bd: {violet} pixels");
    // The viridis heatmap fills the plot: its cold end is there too.
    let cold = count([68, 1, 84]) + count([71, 44, 122]) + count([59, 81, 139]);
    assert!(cold >= 1000, "viridis pixels: {cold}");
}

/// A timed run of a model that blows up (the VAE at a learning rate of 10 gives an infinite
/// loss at its third step): the window keeps running, rolls the VAE back, and the capture
/// shows its card's red error box beside the ellipse training on.
#[test]
fn a_diverging_model_is_captured_with_its_error_and_the_others_train_on() {
    needs_display();
    let dir = scratch("diverging");
    let png = dir.join("shot.png");
    let (out, stdout, stderr) = run(bin()
        .args([
            "--backend",
            "cpu",
            "--model",
            "vae,ellipse",
            "--lr",
            "10",
            "--quit-after-seconds",
            "3",
            "--screenshot",
        ])
        .arg(&png)
        .env("XDG_RUNTIME_DIR", &dir));
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    let image = image::open(&png).unwrap().to_rgba8();
    // egui's dark-theme error colour: the card's box and text, and the status bar's message.
    let red = image
        .pixels()
        .filter(|p| p.0[0] > 200 && p.0[1] < 80 && p.0[2] < 80)
        .count();
    assert!(red >= 300, "error red: {red} pixels");
    // The ellipse's heatmap is still drawn, in viridis.
    let cold =
        count(&image, [68, 1, 84]) + count(&image, [71, 44, 122]) + count(&image, [59, 81, 139]);
    assert!(cold >= 100, "viridis pixels: {cold}");
}
