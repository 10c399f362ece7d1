//! The schools map: ECharts options as JSON built from a charming chart (the scatter series) plus the
//! `geo` part charming lacks. Pure functions, tested natively. The server builds the options (so the
//! WASM carries no option-building code); the browser hands them to ECharts through `bindings`.

use crate::model::{Band, ExtensionKind, FoundingMode, MapColour, MapSchool};
#[cfg(feature = "ssr")]
use crate::model::{MapDrawing, TownPoint};
#[cfg(feature = "ssr")]
use charming::{element::ItemStyle, series::Scatter, Chart};
use serde_json::{json, Value};

/// The registered map's name, and the GeoJSON the app serves for it (never inside the WASM).
pub const MAP_NAME: &str = "wuhan";
pub const GEOJSON_URL: &str = "/geo/wuhan-districts.geojson";
pub const DISTRICT: &str = "黄陂区";

/// The district's extent (lon/lat): the view starts here and cannot be dragged beyond it.
pub const WEST: f64 = 114.15;
pub const EAST: f64 = 114.62;
pub const SOUTH: f64 = 30.66;
pub const NORTH: f64 = 31.37;
/// 前川街's centre (GeoNames 'Qianquan') and the zoom that shows its five sub-areas.
pub const QIANCHUAN: [f64; 2] = [114.372, 30.872];
#[cfg(feature = "ssr")]
const QIANCHUAN_ZOOM: f64 = 6.0;
/// Radius of the drawn approximate sub-area around each sub-area school.
#[cfg(feature = "ssr")]
pub const SUB_AREA_RADIUS_KM: f64 = 1.6;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MapView {
    #[default]
    District,
    Qianchuan,
}

impl MapView {
    pub fn as_code(self) -> &'static str {
        match self {
            MapView::District => "district",
            MapView::Qianchuan => "qianchuan",
        }
    }
    pub fn from_code(code: &str) -> Self {
        if code == "qianchuan" {
            MapView::Qianchuan
        } else {
            MapView::District
        }
    }
}

pub fn mode_color(mode: FoundingMode) -> &'static str {
    match mode {
        FoundingMode::Independent => super::RED,
        FoundingMode::Joint => "#3b6ea8",
        FoundingMode::Extended => "#d48a00",
    }
}

/// A band's colour: the same on the map, its legend and the evaluation page's badges.
pub fn band_color(band: Band) -> &'static str {
    match band {
        Band::Demonstration => super::RED,
        Band::Excellent => "#d4a017",
        Band::Qualified => "#4f7a52",
        Band::Unqualified => "#555555",
    }
}

/// Schools not (yet) in a complete evaluation, when the map colours by band.
pub const UNBANDED_COLOR: &str = "#b8b8b8";

/// Marker size in px: the area grows with attendances; a school with none is still visible.
pub fn marker_size(attendances: i64, max: i64) -> f64 {
    if max <= 0 {
        return 8.0;
    }
    let share = (attendances.max(0) as f64 / max as f64).sqrt();
    (8.0 + 26.0 * share).round()
}

/// The area name of a sub-area school: "前川街沙畈片区业余党校" → "沙畈片区".
pub fn sub_area_name(school: &str) -> String {
    school.trim_start_matches("前川街").trim_end_matches("业余党校").to_string()
}

#[cfg(feature = "ssr")]
/// Name of the drawn approximate area of a sub-area school.
pub fn area_feature_name(school: &str) -> String {
    format!("{}（示意范围）", sub_area_name(school))
}

#[cfg(feature = "ssr")]
/// A circle of `radius_km` around a point as a GeoJSON polygon (counter-clockwise, closed).
pub fn circle_polygon(lon: f64, lat: f64, radius_km: f64, steps: usize) -> Value {
    let dlat = radius_km / 111.32;
    let dlon = radius_km / (111.32 * lat.to_radians().cos());
    let mut ring: Vec<[f64; 2]> = (0..steps)
        .map(|i| {
            let a = i as f64 / steps as f64 * std::f64::consts::TAU;
            [((lon + dlon * a.cos()) * 1e5).round() / 1e5, ((lat + dlat * a.sin()) * 1e5).round() / 1e5]
        })
        .collect();
    ring.push(ring[0]);
    json!({ "type": "Polygon", "coordinates": [ring] })
}

#[cfg(feature = "ssr")]
/// The five approximate sub-area polygons, as GeoJSON features the browser adds to the served map.
pub fn sub_area_features(schools: &[MapSchool]) -> Value {
    json!(schools
        .iter()
        .filter(|s| s.extension == Some(ExtensionKind::SubArea))
        .map(|s| json!({
            "type": "Feature",
            "properties": { "name": area_feature_name(&s.name) },
            "geometry": circle_polygon(s.lon, s.lat, SUB_AREA_RADIUS_KM, 32),
        }))
        .collect::<Vec<_>>())
}

/// Everything the browser needs to draw the map, as JSON text.
#[cfg(feature = "ssr")]
pub fn drawing(schools: &[MapSchool], towns: &[TownPoint], colour: MapColour) -> MapDrawing {
    MapDrawing {
        district: map_option(schools, towns, MapView::District, colour).to_string(),
        qianchuan: map_option(schools, towns, MapView::Qianchuan, colour).to_string(),
        sub_areas: sub_area_features(schools).to_string(),
    }
}

/// Keeps a dragged map centre inside the district, so the map cannot be dragged off-screen.
pub fn clamp_center(lon: f64, lat: f64) -> [f64; 2] {
    [lon.clamp(WEST, EAST), lat.clamp(SOUTH, NORTH)]
}

/// A faint marker's size: in the Qianchuan view the schools that are not sub-area schools (the
/// district departments' in the town) stay in place but do not crowd the five sub-areas.
const FAINT_SIZE: f64 = 5.0;

fn school_item(s: &MapSchool, max: i64, view: MapView) -> Value {
    let is_sub_area = s.extension == Some(ExtensionKind::SubArea);
    let approx = s.approximate();
    let faint = view == MapView::Qianchuan && !is_sub_area;
    // A label east of the view's centre is written to the left of its marker: on a phone's narrow
    // map it would run off the right edge.
    let east = view == MapView::Qianchuan && s.lon > QIANCHUAN[0] + 0.01;
    let mut item = json!({
        "name": s.name,
        "id": s.id,
        "value": [s.lon, s.lat, s.attendances],
        "symbolSize": if faint { FAINT_SIZE } else { marker_size(s.attendances, max) },
        "itemStyle": {
            "opacity": if faint { 0.3 } else if approx { 0.6 } else { 0.9 },
            "borderColor": "#fff",
            "borderWidth": if faint { 0 } else { 1 },
            "borderType": if approx { "dashed" } else { "solid" },
        },
    });
    // Only the labels shown are sent: ECharts lays out (and measures) every label it is given, shown or
    // not — on a phone the district view's 78 hidden school labels were a good part of drawing the map.
    if is_sub_area && view == MapView::Qianchuan {
        item["label"] = json!({
            "show": true,
            "position": if east { "left" } else { "right" },
            "formatter": format!("{}\n{} 期 · {} 人次", sub_area_name(&s.name), s.classes, s.attendances),
            "fontSize": 12,
            "color": "#222",
            "backgroundColor": "rgba(255,255,255,0.85)",
            "padding": [2, 4],
            "borderRadius": 3,
        });
    }
    item
}

/// One series per colour: (name, colour, which schools).
type Group = (&'static str, &'static str, Box<dyn Fn(&MapSchool) -> bool>);

fn groups(colour: MapColour) -> Vec<Group> {
    match colour {
        MapColour::Mode => {
            FoundingMode::ALL.iter().map(|&m| -> Group { (m.label(), mode_color(m), Box::new(move |s: &MapSchool| s.mode == m)) }).collect()
        }
        MapColour::Band => Band::ALL
            .iter()
            .map(|&b| -> Group { (b.label(), band_color(b), Box::new(move |s: &MapSchool| s.band == Some(b))) })
            .chain(std::iter::once::<Group>(("未评定", UNBANDED_COLOR, Box::new(|s: &MapSchool| s.band.is_none()))))
            .collect(),
        MapColour::SixOnes => SIX_ONES_LEVELS
            .iter()
            .map(|&(label, colour, from, to)| -> Group {
                (label, colour, Box::new(move |s: &MapSchool| (from..=to).contains(&s.six_ones)))
            })
            .collect(),
    }
}

/// The map's colours by 六个一: (label, colour, fewest and most items with documents).
pub const SIX_ONES_LEVELS: [(&str, &str, u8, u8); 3] =
    [("六项齐全", "#2e7d32", 6, 6), ("部分已有", "#d4a017", 1, 5), ("尚无资料", UNBANDED_COLOR, 0, 0)];

/// The schools' markers of each colour's series.
fn series_data(schools: &[MapSchool], view: MapView, colour: MapColour) -> Vec<Vec<Value>> {
    let max = schools.iter().map(|s| s.attendances).max().unwrap_or(0);
    groups(colour).iter().map(|(_, _, member)| schools.iter().filter(|s| member(s)).map(|s| school_item(s, max, view)).collect()).collect()
}

/// The schools' figures as an option to merge into the drawn map (each colour's series data; the
/// townships' series is left as drawn): a live map follows check-ins without asking for its option.
pub fn figures(schools: &[MapSchool], view: MapView, colour: MapColour) -> String {
    let series: Vec<Value> = groups(colour)
        .iter()
        .zip(series_data(schools, view, colour))
        .map(|((name, _, _), data)| json!({ "name": name, "data": data }))
        .collect();
    json!({ "series": series }).to_string()
}

#[cfg(feature = "ssr")]
/// The whole ECharts option for the map in `view`.
pub fn map_option(schools: &[MapSchool], towns: &[TownPoint], view: MapView, colour: MapColour) -> Value {
    let groups = groups(colour);
    let series_data = series_data(schools, view, colour);
    // The legend is HTML beside the map (readable without the chart).
    let mut chart = Chart::new();
    for (name, color, _) in &groups {
        chart = chart.series(Scatter::new().name(*name).item_style(ItemStyle::new().color(*color)));
    }
    chart = chart.series(Scatter::new().name("街乡场驻地"));
    let mut option = serde_json::to_value(&chart).unwrap_or_else(|_| json!({}));

    // What charming cannot say: the series live on the geo component, and their data items.
    if let Some(series) = option.get_mut("series").and_then(Value::as_array_mut) {
        for (i, data) in series_data.into_iter().enumerate() {
            series[i]["coordinateSystem"] = json!("geo");
            series[i]["data"] = json!(data);
            series[i]["emphasis"] = json!({ "scale": 1.3 });
            series[i]["zlevel"] = json!(2);
        }
        let last = series.len() - 1;
        series[last]["coordinateSystem"] = json!("geo");
        series[last]["silent"] = json!(true);
        series[last]["symbol"] = json!("circle");
        series[last]["symbolSize"] = json!(3);
        series[last]["itemStyle"] = json!({ "color": "#888" });
        series[last]["label"] = json!({
            "show": view == MapView::District, "position": "bottom", "color": "#777", "fontSize": 10,
            "formatter": "{b}",
        });
        series[last]["data"] = json!(towns.iter().map(|t| json!({ "name": t.name, "value": [t.lon, t.lat] })).collect::<Vec<_>>());
    }

    let mut regions = vec![json!({
        "name": DISTRICT,
        "itemStyle": { "areaColor": "#fdf5ec", "borderColor": super::RED, "borderWidth": 1.5 },
    })];
    for s in schools.iter().filter(|s| s.extension == Some(ExtensionKind::SubArea)) {
        let visible = view == MapView::Qianchuan;
        regions.push(json!({
            "name": area_feature_name(&s.name),
            "itemStyle": {
                "areaColor": if visible { "rgba(212,138,0,0.12)" } else { "rgba(0,0,0,0)" },
                "borderColor": if visible { "#d48a00" } else { "rgba(0,0,0,0)" },
                "borderType": "dashed",
                "borderWidth": 1,
            },
        }));
    }
    let (center, zoom) = match view {
        MapView::District => ([(WEST + EAST) / 2.0, (SOUTH + NORTH) / 2.0], 1.0),
        MapView::Qianchuan => (QIANCHUAN, QIANCHUAN_ZOOM),
    };
    option["geo"] = json!({
        "map": MAP_NAME,
        "roam": true,
        "silent": true,
        "boundingCoords": [[WEST, NORTH], [EAST, SOUTH]],
        "center": center,
        "zoom": zoom,
        "scaleLimit": { "min": 0.8, "max": 24 },
        "itemStyle": { "areaColor": "#f3f3f3", "borderColor": "#d0d0d0", "borderWidth": 0.6 },
        "label": { "show": false },
        "regions": regions,
    });
    option["animation"] = json!(false);
    option["tooltip"] = json!({ "show": false });
    option
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn school(id: i64, name: &str, mode: FoundingMode, ext: Option<ExtensionKind>, att: i64, conf: &str) -> MapSchool {
        MapSchool {
            id,
            name: name.into(),
            mode,
            extension: ext,
            township: None,
            principal: None,
            lon: 114.37,
            lat: 30.87,
            confidence: conf.into(),
            classes: 3,
            attendances: att,
            last_class: None,
            band: None,
            six_ones: 0,
        }
    }

    fn sample() -> Vec<MapSchool> {
        vec![
            school(1, "前川街业余党校", FoundingMode::Independent, None, 900, "medium"),
            school(2, "前川街沙畈片区业余党校", FoundingMode::Extended, Some(ExtensionKind::SubArea), 100, "very low"),
            school(3, "群团组织联合业余党校", FoundingMode::Joint, None, 0, "low"),
        ]
    }

    #[test]
    fn schools_are_split_by_founding_mode_on_the_geo_component() {
        let o = map_option(&sample(), &[], MapView::District, MapColour::Mode);
        assert_eq!(o["geo"]["map"], MAP_NAME);
        assert_eq!(o["series"][0]["name"], "独立建校");
        assert_eq!(o["series"][0]["coordinateSystem"], "geo");
        assert_eq!(o["series"][0]["data"][0]["id"], 1);
        assert_eq!(o["series"][1]["data"][0]["name"], "群团组织联合业余党校");
        assert_eq!(o["series"][2]["data"][0]["itemStyle"]["borderType"], "dashed", "approximate positions look approximate");
    }

    #[test]
    fn the_figures_a_live_map_merges_are_the_full_options_series() {
        let mut schools = sample();
        schools[1].attendances = 450;
        let o = map_option(&schools, &[], MapView::Qianchuan, MapColour::Mode);
        let f: Value = serde_json::from_str(&figures(&schools, MapView::Qianchuan, MapColour::Mode)).unwrap();
        for i in 0..3 {
            assert_eq!(f["series"][i]["name"], o["series"][i]["name"]);
            assert_eq!(f["series"][i]["data"], o["series"][i]["data"]);
        }
        assert_eq!(f["series"].as_array().map(Vec::len), Some(3), "the townships' series is left as drawn");
        assert_eq!(f["series"][2]["data"][0]["value"][2], 450);
    }

    #[test]
    fn by_band_the_schools_are_split_into_the_four_bands_and_the_unbanded() {
        let mut schools = sample();
        schools[0].band = Some(Band::Demonstration);
        schools[2].band = Some(Band::Unqualified);
        let o = map_option(&schools, &[], MapView::District, MapColour::Band);
        let names: Vec<&str> = (0..5).map(|i| o["series"][i]["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["示范", "优秀", "合格", "不合格", "未评定"]);
        assert_eq!(o["series"][0]["data"][0]["id"], 1);
        assert_eq!(o["series"][0]["itemStyle"]["color"], band_color(Band::Demonstration));
        assert_eq!(o["series"][1]["data"].as_array().unwrap().len(), 0);
        assert_eq!(o["series"][3]["data"][0]["id"], 3);
        assert_eq!(o["series"][4]["data"][0]["id"], 2, "not evaluated: grey");
        assert_eq!(o["series"][5]["name"], "街乡场驻地");
    }

    #[test]
    fn the_qianchuan_view_zooms_in_and_names_the_sub_areas() {
        let district = map_option(&sample(), &[], MapView::District, MapColour::Mode);
        let qc = map_option(&sample(), &[], MapView::Qianchuan, MapColour::Mode);
        assert!(district["series"][2]["data"][0].get("label").is_none(), "no hidden labels sent");
        assert_eq!(qc["series"][2]["data"][0]["label"]["show"], true);
        assert!(qc["series"][2]["data"][0]["label"]["formatter"].as_str().unwrap().starts_with("沙畈片区\n3 期 · 100 人次"));
        assert!(qc["geo"]["zoom"].as_f64().unwrap() > 4.0);
    }

    #[test]
    fn in_the_qianchuan_view_other_schools_are_faint_and_eastern_labels_point_inward() {
        let mut schools = sample();
        schools[1].lon = QIANCHUAN[0] + 0.04; // east, as 鲁台 is
        let qc = map_option(&schools, &[], MapView::Qianchuan, MapColour::Mode);
        let district = map_option(&schools, &[], MapView::District, MapColour::Mode);
        assert_eq!(qc["series"][2]["data"][0]["label"]["position"], "left");
        assert_eq!(qc["series"][0]["data"][0]["symbolSize"], FAINT_SIZE, "the town's own school does not crowd the sub-areas");
        assert_eq!(district["series"][0]["data"][0]["symbolSize"], marker_size(900, 900));
        assert!(qc["series"][2]["data"][0]["symbolSize"].as_f64().unwrap() > FAINT_SIZE);
        schools[1].lon = QIANCHUAN[0] - 0.02;
        let qc = map_option(&schools, &[], MapView::Qianchuan, MapColour::Mode);
        assert_eq!(qc["series"][2]["data"][0]["label"]["position"], "right");
    }

    #[test]
    fn markers_grow_with_attendances() {
        assert_eq!(marker_size(0, 100), 8.0);
        assert_eq!(marker_size(100, 100), 34.0);
        assert!(marker_size(25, 100) < marker_size(64, 100));
        assert_eq!(marker_size(5, 0), 8.0);
    }

    #[test]
    fn sub_area_polygons_are_closed_rings() {
        let g = sub_area_features(&sample());
        assert_eq!(g.as_array().unwrap().len(), 1);
        let f = &g[0];
        assert_eq!(f["properties"]["name"], "沙畈片区（示意范围）");
        let ring = f["geometry"]["coordinates"][0].as_array().unwrap();
        assert_eq!(ring.first(), ring.last());
        assert_eq!(ring.len(), 33);
    }

    #[test]
    fn the_centre_stays_inside_the_district() {
        assert_eq!(clamp_center(120.0, 10.0), [EAST, SOUTH]);
        assert_eq!(clamp_center(114.3, 30.9), [114.3, 30.9]);
    }
}

/// The plain projection of the district's extent that a school's form draws its outline in (one unit
/// ≈ 111 m north–south; east–west shrunk by the cosine of the middle latitude): accurate to metres at
/// this size, and the same arithmetic on the server (the outline) and in the browser (a click).
pub mod plane {
    use super::{EAST, NORTH, SOUTH, WEST};

    /// Units per degree of latitude.
    const SCALE: f64 = 1000.0;

    fn shrink() -> f64 {
        ((NORTH + SOUTH) / 2.0).to_radians().cos()
    }

    /// The drawing's width and height (its `viewBox`).
    pub fn size() -> (f64, f64) {
        ((EAST - WEST) * shrink() * SCALE, (NORTH - SOUTH) * SCALE)
    }

    /// A place as a point of the drawing.
    pub fn project(lon: f64, lat: f64) -> (f64, f64) {
        ((lon - WEST) * shrink() * SCALE, (NORTH - lat) * SCALE)
    }

    /// A point of the drawing as a place (longitude, latitude), to 5 decimals (about a metre).
    pub fn unproject(x: f64, y: f64) -> (f64, f64) {
        let round = |v: f64| (v * 1e5).round() / 1e5;
        (round(WEST + x / (shrink() * SCALE)), round(NORTH - y / SCALE))
    }

    #[cfg(test)]
    mod tests {
        #[cfg(feature = "ssr")]
        #[test]
        fn the_districts_outline_is_one_closed_path_inside_the_drawing() {
            let path = super::super::district_outline();
            assert!(path.starts_with('M') && path.ends_with('Z'), "{}", &path[..40.min(path.len())]);
            let (w, h) = super::size();
            let points: Vec<(f64, f64)> = path
                .split(['M', 'L', 'Z'])
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (x, y) = p.split_once(' ').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            assert!(points.len() > 100, "{} points", points.len());
            assert!(points.iter().all(|&(x, y)| (-1.0..=w + 1.0).contains(&x) && (-1.0..=h + 1.0).contains(&y)));
        }

        #[test]
        fn a_place_projected_and_back_is_the_same_place() {
            let (x, y) = super::project(114.4567, 30.7711);
            assert_eq!(super::unproject(x, y), (114.4567, 30.7711));
            let (w, h) = super::size();
            assert_eq!(super::project(super::EAST, super::SOUTH), (w, h));
        }
    }
}

/// The district's outline as an SVG path in [`plane`]'s drawing, from the GeoJSON the map serves
/// (kept in the server binary; computed once). Points closer than a unit (~100 m) to the last kept one
/// are dropped.
#[cfg(feature = "ssr")]
pub fn district_outline() -> &'static str {
    static OUTLINE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    OUTLINE.get_or_init(|| {
        let text = include_str!("../../public/geo/wuhan-districts.geojson");
        let geojson: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let empty = Vec::new();
        let features = geojson["features"].as_array().unwrap_or(&empty);
        let Some(feature) = features.iter().find(|f| f["properties"]["name"] == DISTRICT) else { return String::new() };
        let polygons: Vec<&Value> = match feature["geometry"]["type"].as_str() {
            Some("Polygon") => vec![&feature["geometry"]["coordinates"]],
            Some("MultiPolygon") => feature["geometry"]["coordinates"].as_array().map(|p| p.iter().collect()).unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut path = String::new();
        for ring in polygons.iter().filter_map(|p| p.as_array()).flatten().filter_map(|r| r.as_array()) {
            let mut last: Option<(f64, f64)> = None;
            for point in ring {
                let (Some(lon), Some(lat)) = (point[0].as_f64(), point[1].as_f64()) else { continue };
                let (x, y) = plane::project(lon, lat);
                if last.is_some_and(|(lx, ly)| (x - lx).hypot(y - ly) < 1.0) {
                    continue;
                }
                path.push_str(&format!("{}{:.0} {:.0}", if last.is_none() { "M" } else { "L" }, x, y));
                last = Some((x, y));
            }
            path.push('Z');
        }
        path
    })
}
