//! A drawn chart saved as a PNG for reports and slides (导出图片): the chart as drawn, under its title,
//! its period and the page's 数据截至 stamp (`export-png.js`, in both ECharts builds).

use leptos::prelude::*;

/// What a report says about its figures: which period they cover and when they were taken.
#[derive(Clone, Copy)]
pub struct Stamp {
    pub period: Signal<String>,
    pub as_of: Signal<String>,
    /// Where the drawing's data come from, when a licence asks for it (the map's GeoNames points).
    pub credit: Option<&'static str>,
}

impl Stamp {
    /// The lines under a report's title: the period (when there is one) and the 数据截至 stamp.
    pub fn lines(&self) -> Vec<String> {
        let period = self.period.get_untracked();
        let stamp = format!("数据截至 {} · 黄陂区业余党校信息平台", self.as_of.get_untracked());
        let period = (!period.is_empty()).then(|| format!("统计时段：{period}"));
        period.into_iter().chain([stamp]).chain(self.credit.map(str::to_string)).collect()
    }

    /// A file name for `title` taken now: the title and the stamp's day.
    pub fn file_name(&self, title: &str) -> String {
        let day: String = self.as_of.get_untracked().chars().take(10).collect();
        let clean: String = title.chars().filter(|c| !"/\\:*?\"<>|".contains(*c)).collect();
        format!("{clean}-{day}.png")
    }
}

/// The button under a chart that saves it as a PNG (`chart`: the chart's element id; `map`: drawn by
/// the map's build). Until the chart is drawn it says so instead.
#[component]
pub fn PngButton(chart: &'static str, #[prop(into)] title: String, stamp: Stamp, #[prop(optional)] map: bool) -> impl IntoView {
    let note = RwSignal::new(None::<&'static str>);
    let save = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use super::bindings::{export_png, Bundle};
            let bundle = if map { Bundle::Map } else { Bundle::Charts };
            let element = document().get_element_by_id(chart);
            let saved = element.map(|e| export_png(bundle, &e, &title, &stamp.lines(), &stamp.file_name(&title)));
            note.set(match saved {
                Some(Ok(true)) => None,
                Some(Err(e)) => {
                    leptos::logging::error!("png {chart}: {e:?}");
                    Some("图片未能生成，请稍后再试")
                }
                _ => Some("图表还在绘制，请稍候再导出"),
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&title, stamp, map);
    };
    view! {
        <div class="png-export no-print">
            <button type="button" class="secondary small" on:click=save data-testid=format!("png-{chart}")>
                "导出图片"
            </button>
            {move || {
                note.get()
                    .map(|n| {
                        view! {
                            <span class="hint" role="status">
                                {n}
                            </span>
                        }
                    })
            }}
        </div>
    }
}
