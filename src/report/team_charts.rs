//! The team report's bar charts, as inline SVG drawn with `plotters`: each bar with its value
//! written above it, a legend naming the two periods above the plot (never over the bars), and
//! a percentage axis that ends at 100.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// This period's bars.
pub(super) const NOW: RGBColor = RGBColor(31, 78, 121);
/// The period before's bars.
pub(super) const BEFORE: RGBColor = RGBColor(190, 190, 190);
const WIDTH: u32 = 640;
const HEIGHT: u32 = 280;
/// Said instead of a chart that could not be drawn.
const NOT_DRAWN: &str = "<p>(This chart could not be drawn; its numbers are in the table.)</p>";

/// What the vertical axis counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Axis {
    /// A share of the things named (students, strategies): the axis runs from 0 to 100.
    Percent(&'static str),
    /// A number of things, named: the axis runs a little past the tallest bar.
    Count(&'static str),
}

impl Axis {
    fn describe(self) -> String {
        match self {
            Axis::Percent(of) => format!("% of {of}"),
            Axis::Count(what) => what.to_string(),
        }
    }

    /// The ticks up the axis, the last its top: a share runs 0 to 100 by tens; a count runs by
    /// whole numbers a round step apart (1, 2, 5, 10, 20, 50…), at most eight steps, to a
    /// little past the tallest bar (room for its value), so that no two ticks read the same.
    fn ticks(self, bars: &[Bar]) -> Vec<f64> {
        match self {
            Axis::Percent(_) => (0..=10).map(|i| f64::from(i) * 10.0).collect(),
            Axis::Count(_) => {
                let tallest = bars.iter().map(|b| b.value).fold(0.0, f64::max);
                let wanted = (tallest * 1.15).max(1.0);
                let step = round_step(wanted, 8.0);
                let steps = (wanted / step).ceil().max(1.0) as u32;
                (0..=steps).map(|i| f64::from(i) * step).collect()
            }
        }
    }

    fn text(self, value: f64) -> String {
        match self {
            Axis::Percent(_) => format!("{value:.0}%"),
            Axis::Count(_) => format!("{value:.0}"),
        }
    }
}

/// One bar: where it stands (in key widths from the left), how wide, how tall, its colour.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bar {
    /// Its left edge; key `i` spans `i..i + 1`.
    pub x: f64,
    /// Its width, a fraction of one key's.
    pub width: f64,
    /// Its height on the axis.
    pub value: f64,
    /// [`NOW`] or [`BEFORE`].
    pub colour: RGBColor,
}

/// A bar chart of `keys` (named under the plot, one slot each) as an SVG element, with a
/// legend of `(colour, words)` above the plot; a sentence instead where it cannot be drawn.
pub(super) fn bar_chart(
    title: &str,
    axis: Axis,
    keys: &[String],
    bars: &[Bar],
    legend: &[(RGBColor, &str)],
) -> String {
    let mut svg = String::new();
    let drawn = draw(&mut svg, title, axis, keys, bars, legend);
    if drawn.is_err() {
        return NOT_DRAWN.to_string();
    }
    svg
}

fn draw(
    svg: &mut String,
    title: &str,
    axis: Axis,
    keys: &[String],
    bars: &[Bar],
    legend: &[(RGBColor, &str)],
) -> Result<(), Box<dyn std::error::Error>> {
    let ticks = axis.ticks(bars);
    let top = ticks.last().copied().unwrap_or(1.0);
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let below_title = root.titled(title, ("sans-serif", 17))?;
    let (legend_row, plot) = below_title.split_vertically(20);
    draw_legend(&legend_row, legend)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        // Room above the plot for the value of a bar that reaches the top.
        .margin_top(18)
        .x_label_area_size(28)
        .y_label_area_size(48)
        .build_cartesian_2d(
            0f64..keys.len().max(1) as f64,
            Ticked {
                range: (0f64..top).into(),
                ticks,
            },
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc(axis.describe())
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    chart.draw_series(
        bars.iter()
            .map(|b| Rectangle::new([(b.x, 0.0), (b.x + b.width, b.value)], b.colour.filled())),
    )?;
    let above = ("sans-serif", 11)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Bottom));
    chart.draw_series(bars.iter().map(|b| {
        Text::new(
            axis.text(b.value),
            (b.x + b.width / 2.0, b.value),
            above.clone(),
        )
    }))?;
    let under = ("sans-serif", 12)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, k) in keys.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        root.draw(&Text::new(k.clone(), (px, py + 6), under.clone()))?;
    }
    root.present()?;
    Ok(())
}

/// A vertical axis with the ticks given, and no others (`plotters` picks its own, which for a
/// small count are halves, written as the same whole number twice).
struct Ticked {
    range: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.range.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // The ticks are the bold lines; no light lines between them.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.range()
    }
}

/// The smallest round whole step (1, 2, 5, 10, 20, 50…) that climbs to `top` in at most `most`
/// steps.
fn round_step(top: f64, most: f64) -> f64 {
    let mut magnitude = 1.0;
    for _ in 0..16 {
        for m in [1.0, 2.0, 5.0] {
            if top / (m * magnitude) <= most {
                return m * magnitude;
            }
        }
        magnitude *= 10.0;
    }
    magnitude
}

/// The legend, centred in its own row: a swatch and its words for each entry.
fn draw_legend<DB: DrawingBackend>(
    row: &DrawingArea<DB, plotters::coord::Shift>,
    entries: &[(RGBColor, &str)],
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let font = ("sans-serif", 12)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    const SWATCH: i32 = 14;
    const GAP: i32 = 6;
    const BETWEEN: i32 = 24;
    let widths: Vec<i32> = entries
        .iter()
        .map(|(_, words)| {
            row.estimate_text_size(words, &font)
                .map(|(w, _)| w as i32 + 8)
        })
        .collect::<Result<_, _>>()?;
    let total: i32 = widths.iter().map(|w| SWATCH + GAP + w).sum::<i32>()
        + BETWEEN * (entries.len() as i32 - 1).max(0);
    let (width, height) = row.dim_in_pixel();
    let y = height as i32 / 2;
    let mut x = (width as i32 - total).max(0) / 2;
    for ((colour, words), w) in entries.iter().zip(widths) {
        row.draw(&Rectangle::new(
            [(x, y - 5), (x + SWATCH, y + 5)],
            colour.filled(),
        ))?;
        row.draw(&Text::new(
            words.to_string(),
            (x + SWATCH + GAP, y),
            font.clone(),
        ))?;
        x += SWATCH + GAP + w + BETWEEN;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of a chart, with where it stands from the top.
    fn texts(svg: &str) -> Vec<(f64, String)> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let y = t.split_once(" y=\"")?.1.split_once('"')?.0.parse().ok()?;
                let words = t.split_once('>')?.1.split_once("</text>")?.0.trim();
                Some((y, words.to_string()))
            })
            .collect()
    }

    /// The numbers written as the vertical axis's ticks (the only texts that are bare numbers:
    /// values carry a `%` and keys are words).
    fn ticks(svg: &str) -> Vec<f64> {
        texts(svg)
            .iter()
            .filter_map(|(_, t)| t.parse().ok())
            .collect()
    }

    /// The numbers written beside the vertical axis, bottom to top (its tick labels end at the
    /// axis; a bar's value is centred on the bar).
    fn axis_ticks(svg: &str) -> Vec<f64> {
        svg.split("<text")
            .skip(1)
            .filter(|t| {
                t.split_once('>')
                    .is_some_and(|(a, _)| a.contains("text-anchor=\"end\""))
            })
            .filter_map(|t| {
                t.split_once('>')?
                    .1
                    .split_once("</text>")?
                    .0
                    .trim()
                    .parse()
                    .ok()
            })
            .collect()
    }

    /// Where a text stands from the top of the chart.
    fn text_y(svg: &str, words: &str) -> f64 {
        let found = texts(svg).into_iter().find(|(_, t)| t == words);
        found.unwrap_or_else(|| panic!("no {words:?} in {svg}")).0
    }

    fn two_periods(before: f64, now: f64) -> Vec<Bar> {
        vec![
            Bar {
                x: 0.12,
                width: 0.38,
                value: before,
                colour: BEFORE,
            },
            Bar {
                x: 0.5,
                width: 0.38,
                value: now,
                colour: NOW,
            },
        ]
    }

    #[test]
    fn a_percentage_axis_ends_at_100_however_tall_the_bars() {
        for (before, now) in [(92.0, 92.0), (100.0, 80.0), (12.0, 5.0), (0.0, 0.0)] {
            let svg = bar_chart(
                "Goal domains",
                Axis::Percent("students"),
                &["academic".to_string()],
                &two_periods(before, now),
                &[(BEFORE, "before"), (NOW, "now")],
            );
            let ticks = ticks(&svg);
            assert!(!ticks.is_empty(), "{svg}");
            assert_eq!(
                ticks.iter().cloned().fold(0.0, f64::max),
                100.0,
                "{ticks:?}"
            );
            text_y(&svg, "% of students");
            // Each bar's value is written, a full one too.
            text_y(&svg, &format!("{now:.0}%"));
        }
    }

    #[test]
    fn a_count_axis_reaches_past_the_tallest_bar() {
        let svg = bar_chart(
            "Check-ins by kind",
            Axis::Count("count"),
            &["regular".to_string()],
            &two_periods(180.0, 240.0),
            &[(BEFORE, "before"), (NOW, "now")],
        );
        let top = ticks(&svg).into_iter().fold(0.0, f64::max);
        assert!((240.0..=300.0).contains(&top), "{top}");
    }

    #[test]
    fn the_legend_names_both_periods_above_the_plot() {
        let svg = bar_chart(
            "Goal domains",
            Axis::Percent("students"),
            &["academic".to_string()],
            &two_periods(100.0, 100.0),
            &[
                (BEFORE, "2026-08-01 to 2026-10-31"),
                (NOW, "2026-11-01 to 2026-11-24"),
            ],
        );
        let plot_top = text_y(&svg, "100");
        let title = text_y(&svg, "Goal domains");
        let full_bar = text_y(&svg, "100%");
        for words in ["2026-08-01 to 2026-10-31", "2026-11-01 to 2026-11-24"] {
            let y = text_y(&svg, words);
            assert!(title < y && y + 10.0 < full_bar, "{words} at {y}: {svg}");
            assert!(
                y + 10.0 < plot_top,
                "{words} at {y}, the plot from {plot_top}"
            );
        }
    }

    #[test]
    fn a_count_axis_ticks_whole_numbers_once_each() {
        for tallest in [
            0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 13.0, 16.0, 30.0, 99.0, 240.0, 1234.0,
        ] {
            let svg = bar_chart(
                "Check-ins per month",
                Axis::Count("check-ins"),
                &["2026-11".to_string()],
                &two_periods(tallest / 2.0, tallest),
                &[(BEFORE, "before"), (NOW, "now")],
            );
            let ticks = axis_ticks(&svg);
            assert!(ticks.len() >= 2, "{tallest}: {ticks:?}");
            assert_eq!(ticks[0], 0.0, "{tallest}: {ticks:?}");
            let step = ticks[1] - ticks[0];
            assert!(step >= 1.0 && step.fract() == 0.0, "{tallest}: {ticks:?}");
            for pair in ticks.windows(2) {
                assert_eq!(pair[1] - pair[0], step, "{tallest}: {ticks:?}");
            }
            assert!(*ticks.last().unwrap() > tallest, "{tallest}: {ticks:?}");
            assert!(ticks.len() <= 9, "{tallest}: {ticks:?}");
        }
    }
}
