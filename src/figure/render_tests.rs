//! Figures drawn without a window: PNG pixels and SVG elements are checked.

use super::*;
use crate::energy::GridSpec;
use crate::landscape::{Arrow, EnergyGrid};
use crate::palette::viridis;
use crate::palette::{DATA_BLUE, HOT_RED};

/// A bowl F = ‖y‖² on the course's grid, 24 data points, 10 hot points and a few arrows.
fn bowl_panel() -> Panel {
    let spec = GridSpec::DEFAULT;
    let values = spec
        .points()
        .iter()
        .map(|p| p[0] * p[0] + p[1] * p[1])
        .collect();
    let data = (0..24)
        .map(|k| {
            let t = k as f32 * std::f32::consts::TAU / 24.0;
            [2.0 * t.cos(), 1.5 * t.sin()]
        })
        .collect();
    Panel {
        title: "Bowl · free energy F_β, β = 1 · step 7".to_owned(),
        grid: EnergyGrid {
            spec,
            beta: Beta::Finite(1.0),
            values,
        },
        data,
        trails: Vec::new(),
        hot: (0..10).map(|k| [-2.5 + 0.5 * k as f32, 1.8]).collect(),
        samples: Vec::new(),
        manifold: vec![[0.0, 0.0]],
        arrows: ArrowLayer {
            arrows: vec![Arrow {
                origin: [1.0, 1.0],
                force: [-1.0, -1.0],
            }],
            kind: ArrowKind::Gradient,
            label: "−∇F_β".to_owned(),
        },
        field: None,
        arrow_spacing: 0.25,
        view: SurfaceView::FreeEnergy,
        probe: None,
    }
}

fn request(path: PathBuf, scale: u32, theme: Theme) -> FigureRequest {
    FigureRequest {
        path,
        layout: Layout::Focused,
        view: SurfaceView::FreeEnergy,
        field: FieldLayer::Auto,
        size: None,
        scale,
        theme,
        colours: ColourScale::Linear,
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("energy-lab-fig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn near(a: [u8; 3], b: eframe::egui::Color32, tol: i32) -> bool {
    (a[0] as i32 - b.r() as i32).abs() <= tol
        && (a[1] as i32 - b.g() as i32).abs() <= tol
        && (a[2] as i32 - b.b() as i32).abs() <= tol
}

#[test]
fn png_has_the_asked_size_viridis_and_the_course_colours() {
    let figure = Figure::Panels(vec![bowl_panel()]);
    for (scale, theme) in [(1, Theme::Dark), (2, Theme::Light)] {
        let path = temp(&format!("bowl-{scale}.png"));
        render(&figure, &request(path.clone(), scale, theme)).unwrap();
        let img = image::open(&path).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (640 * scale, 440 * scale));
        let count = |c: eframe::egui::Color32| img.pixels().filter(|p| near(p.0, c, 6)).count();
        let px = (scale * scale) as usize;
        // The bowl's bottom is the cold end of viridis, its rim the hot end.
        assert!(
            count(viridis(0.0)) > 100 * px,
            "cold {}",
            count(viridis(0.0))
        );
        assert!(
            count(viridis(1.0)) > 1000 * px,
            "hot {}",
            count(viridis(1.0))
        );
        assert!(count(DATA_BLUE) > 24 * 8 * px, "blue {}", count(DATA_BLUE));
        assert!(count(HOT_RED) > 10 * 8 * px, "red {}", count(HOT_RED));
        let corner = img.get_pixel(2, 2).0;
        let background = match theme {
            Theme::Dark => [0x1b, 0x1b, 0x1b],
            Theme::Light => [0xff, 0xff, 0xff],
        };
        assert_eq!(corner, background);
    }
}

#[test]
fn svg_parses_and_holds_points_colour_bar_and_title() {
    let panels = vec![bowl_panel(), bowl_panel()];
    let path = temp("bowl.svg");
    let mut req = request(path.clone(), 1, Theme::Dark);
    req.layout = Layout::AllModels;
    render(&Figure::Panels(panels), &req).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut circles, mut rects, mut titles, mut blue) = (0, 0, 0, 0);
    let mut heatmaps = Vec::new();
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let fill = e
                    .try_get_attribute("fill")
                    .ok()
                    .flatten()
                    .map(|a| String::from_utf8_lossy(&a.value).to_lowercase());
                match e.name().as_ref() {
                    b"circle" => {
                        circles += 1;
                        blue += usize::from(fill.as_deref() == Some("#80b1d3"));
                    }
                    b"rect" => rects += 1,
                    b"image" => {
                        let href = e.try_get_attribute("href").unwrap().unwrap();
                        let href = String::from_utf8(href.value.to_vec()).unwrap();
                        let b64 = href.strip_prefix("data:image/png;base64,").unwrap();
                        use base64::Engine;
                        let png = base64::engine::general_purpose::STANDARD
                            .decode(b64)
                            .unwrap();
                        heatmaps.push(image::load_from_memory(&png).unwrap().to_rgb8());
                    }
                    b"text" => in_text = true,
                    _ => {}
                }
            }
            quick_xml::events::Event::Text(t) if in_text => {
                let t = String::from_utf8_lossy(t.as_ref()).into_owned();
                titles += usize::from(t.contains("Bowl") && t.contains("step 7"));
                in_text = false;
            }
            _ => in_text = false,
        }
    }
    assert_eq!(titles, 2, "one title per panel");
    // 24 data points per panel (each drawn with an outline) and their legend marks.
    assert!(blue >= 2 * 24, "blue circles {blue}");
    assert!(circles >= 2 * (24 + 10) * 2, "circles {circles}");
    // 64 colour-bar bands per panel, and the heatmap is one image per panel, not cells.
    assert!((2 * 64..2 * 64 + 100).contains(&rects), "rects {rects}");
    assert_eq!(heatmaps.len(), 2, "one embedded heatmap per panel");
    for heat in &heatmaps {
        // One pixel per grid value: the bowl is lowest (viridis' purple) at the centre and
        // highest (its yellow) in the corners.
        assert_eq!(heat.dimensions(), (241, 161));
        let (low, high) = (viridis(0.0), viridis(1.0));
        assert!(
            near(heat.get_pixel(120, 80).0, low, 4),
            "{:?}",
            heat.get_pixel(120, 80)
        );
        assert!(
            near(heat.get_pixel(0, 0).0, high, 4),
            "{:?}",
            heat.get_pixel(0, 0)
        );
        assert!(near(heat.get_pixel(240, 160).0, high, 4));
    }
    assert!(text.len() < 200_000, "{} bytes", text.len());
}

#[test]
fn bad_requests_are_refused() {
    let figure = Figure::Panels(vec![bowl_panel()]);
    let err = render(&figure, &request(temp("x.jpg"), 1, Theme::Dark)).unwrap_err();
    assert!(err.to_string().contains(".png or a .svg"), "{err}");
    let mut big = request(temp("x.png"), 4, Theme::Dark);
    big.size = Some((8000, 8000));
    assert!(matches!(
        render(&figure, &big),
        Err(FigureError::TooLarge(..))
    ));
    assert!(matches!(
        render(
            &Figure::Panels(Vec::new()),
            &request(temp("y.png"), 1, Theme::Dark)
        ),
        Err(FigureError::NoModel)
    ));
    let ro = request(
        PathBuf::from("/proc/energy-lab-no-such/x.png"),
        1,
        Theme::Dark,
    );
    assert!(matches!(render(&figure, &ro), Err(FigureError::Write(_))));
}

/// Every model's diagram, drawn as SVG, holds each of its blocks' labels, one line and one
/// arrowhead per wire, a filled shape per block in its colour, and (for two models) the
/// contrast between them.
#[test]
fn every_models_diagram_svg_has_its_blocks_and_wires() {
    use crate::models::ModelId;
    use crate::models::diagram::PartKind;
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    for id in ModelId::ALL {
        let path = temp(&format!("diagram-{}.svg", id.key()));
        render(
            &Figure::Diagram(vec![id]),
            &request(path.clone(), 1, Theme::Dark),
        )
        .unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let d = id.spec().diagram;
        for part in d.parts {
            assert!(svg.contains(&escape(part.label)), "{id}: {}", part.label);
            let [r, g, b] = crate::diagram::layout::fill_of(part);
            let colour = format!("#{r:02X}{g:02X}{b:02X}");
            assert!(
                svg.to_uppercase().contains(&colour),
                "{id}: {:?} in {colour}",
                part.kind
            );
        }
        assert_eq!(
            svg.matches("<polyline").count(),
            d.wires.len(),
            "{id}: wires"
        );
        assert_eq!(
            svg.matches("<polygon").count(),
            d.wires.len(),
            "{id}: arrowheads"
        );
        assert!(svg.contains(&escape(id.spec().recipe)), "{id}: title");
        assert!(d.has(PartKind::Energy));
    }
    let path = temp("diagram-vae-gan.svg");
    render(
        &Figure::Diagram(vec![ModelId::Vae, ModelId::Gan]),
        &request(path.clone(), 1, Theme::Light),
    )
    .unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.contains("vae vs gan") && svg.contains("the same block"),
        "the contrast"
    );
    let png = temp("diagram-all.png");
    render(
        &Figure::Diagram(ModelId::ALL.to_vec()),
        &request(png.clone(), 1, Theme::Dark),
    )
    .unwrap();
    let image = image::open(&png).unwrap().to_rgb8();
    assert!(image.height() > 2500, "ten bands: {}", image.height());
}
