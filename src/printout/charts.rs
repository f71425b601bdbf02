//! A goal's progress over the year as a small bar chart: one bar per check-in, its height the
//! rating (1–4), the rating's digit on the bar, the date beneath. The shapes are worked out
//! once here and drawn as SVG for HTML and as paths for PDF. Grey and black only, so it prints
//! the same without colour.

use super::doc::Chart;

/// Bars wider than this look like blocks, not a chart.
const MAX_BAR: f32 = 34.0;

/// The size of the dates beneath the bars.
const DATE_SIZE: f32 = 7.0;

/// The room a date beneath a bar needs ("14 Sep" at 7 points, with space either side).
const DATE_ROOM: f32 = 46.0;

/// A rectangle, in points from the chart's top left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// Text placed at a centre point.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Centre, horizontally.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// The text.
    pub text: String,
    /// Font size.
    pub size: f32,
}

/// Everything to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Shapes {
    /// The chart's size.
    pub width: f32,
    /// The chart's height.
    pub height: f32,
    /// Horizontal guide lines at ratings 1–4: (y).
    pub guides: Vec<f32>,
    /// The bars.
    pub bars: Vec<Rect>,
    /// Digits on the bars, dates beneath, guide numbers on the left.
    pub labels: Vec<Label>,
}

/// Lays out a chart `width` points wide.
pub fn layout(chart: &Chart, width: f32) -> Shapes {
    let height = 92.0;
    let left = 16.0;
    let top = 6.0;
    let bottom = height - 20.0;
    let step = (bottom - top) / 4.0;
    let y_of = |r: f32| bottom - r * step;
    let n = chart.points.len().max(1) as f32;
    let slot = ((width - left) / n).min(MAX_BAR * 1.8);
    let bar = (slot * 0.62).min(MAX_BAR);
    // Dates shown under every bar while they fit; otherwise under every second, third…, and
    // always under the last bar, the one before it left out when the two would touch.
    let every = ((DATE_ROOM / slot).ceil() as usize).max(1);
    let mut shapes = Shapes {
        width,
        height,
        guides: (1..=4).map(|r| y_of(r as f32)).collect(),
        bars: Vec::new(),
        labels: (1..=4)
            .map(|r| Label {
                x: 6.0,
                y: y_of(r as f32) + 3.0,
                text: r.to_string(),
                size: 7.0,
            })
            .collect(),
    };
    let count = chart.points.len();
    // The last date is always shown, moved in from the edge if it would run over it; the
    // dates before it are shown only where they do not touch it.
    let last_date_x = chart.points.last().map_or(0.0, |(date, _)| {
        date_x(left + slot * (count as f32 - 0.5), date, width)
    });
    for (i, (date, rating)) in chart.points.iter().enumerate() {
        let cx = left + slot * (i as f32 + 0.5);
        let r = (*rating).clamp(1, 4) as f32;
        shapes.bars.push(Rect {
            x: cx - bar / 2.0,
            y: y_of(r),
            w: bar,
            h: bottom - y_of(r),
        });
        shapes.labels.push(Label {
            x: cx,
            y: y_of(r) + 10.0,
            text: rating.clamp(&1, &4).to_string(),
            size: 8.0,
        });
        let last = i + 1 == count;
        if last || (i % every == 0 && last_date_x - cx >= DATE_ROOM) {
            shapes.labels.push(Label {
                x: if last { last_date_x } else { cx },
                y: bottom + 12.0,
                text: date.clone(),
                size: DATE_SIZE,
            });
        }
    }
    shapes
}

/// Where a date beneath the bar centred at `cx` is centred so that it ends inside a chart
/// `width` wide: under its bar, or moved in from the right edge by what it would run over
/// (its width estimated at 0.6 of its size a character).
fn date_x(cx: f32, date: &str, width: f32) -> f32 {
    let half = date.chars().count() as f32 * DATE_SIZE * 0.3;
    cx.min(width - half)
}

/// The chart as inline SVG, with a text alternative for screen readers.
pub fn svg(chart: &Chart, width: f32) -> String {
    use super::html::esc;
    let s = layout(chart, width);
    let mut o = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>{t}</title>",
        w = s.width,
        h = s.height,
        t = esc(&format!("{}: {}", chart.caption, chart.latest))
    );
    for y in &s.guides {
        o.push_str(&format!(
            "<line x1=\"14\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#bbb\" stroke-width=\"0.6\"/>",
            s.width
        ));
    }
    for b in &s.bars {
        o.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#d9d9d9\" \
             stroke=\"#222\" stroke-width=\"0.8\"/>",
            b.x, b.y, b.w, b.h
        ));
    }
    for l in &s.labels {
        o.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"middle\">{}</text>",
            l.x,
            l.y,
            l.size,
            esc(&l.text)
        ));
    }
    o.push_str("</svg>");
    o
}

/// The chart as a row of marks for plain text: "14 Sep ▂ 2 · 19 Oct ▅ 3".
pub fn marks(chart: &Chart) -> String {
    chart
        .points
        .iter()
        .map(|(d, r)| {
            let bar = ["▂", "▄", "▆", "█"][((*r).clamp(1, 4) - 1) as usize];
            format!("{d} {bar} {r}")
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(n: usize) -> Chart {
        Chart {
            caption: "Progress".into(),
            points: (0..n)
                .map(|i| (format!("{i} Sep"), (i % 4 + 1) as i64))
                .collect(),
            latest: "good".into(),
            scale: String::new(),
        }
    }

    #[test]
    fn bars_stay_inside_the_chart_and_grow_with_the_rating() {
        for n in [1, 4, 12, 40] {
            let s = layout(&chart(n), 300.0);
            assert_eq!(s.bars.len(), n);
            for b in &s.bars {
                assert!(b.x >= 0.0 && b.x + b.w <= 300.0 + 0.01, "{b:?}");
                assert!(b.y >= 0.0 && b.y + b.h <= s.height);
            }
            if n >= 2 {
                assert!(s.bars[1].h > s.bars[0].h);
            }
        }
    }

    /// Check-ins held every week fill the chart: the dates beneath are thinned so that no two
    /// touch, the last one included, and the first and last are always shown.
    #[test]
    fn dates_beneath_the_bars_never_touch() {
        for n in 1..80 {
            let s = layout(&chart(n), 300.0);
            let dates: Vec<&Label> = s
                .labels
                .iter()
                .filter(|l| l.text.ends_with("Sep"))
                .collect();
            assert_eq!(dates.first().map(|l| l.text.as_str()), Some("0 Sep"), "{n}");
            assert_eq!(dates.last().unwrap().text, format!("{} Sep", n - 1), "{n}");
            for d in &dates {
                let half = d.text.chars().count() as f32 * DATE_SIZE * 0.3;
                assert!(
                    d.x + half <= 300.0 + 0.01,
                    "{n}: {} runs past the edge",
                    d.text
                );
            }
            for pair in dates.windows(2) {
                assert!(
                    pair[1].x - pair[0].x >= DATE_ROOM - 0.01,
                    "{n} check-ins: {} and {} touch",
                    pair[0].text,
                    pair[1].text
                );
            }
        }
    }

    #[test]
    fn marks_name_each_rating() {
        assert_eq!(marks(&chart(2)), "0 Sep ▂ 1 · 1 Sep ▄ 2");
    }
}
