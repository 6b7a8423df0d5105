//! A picture of the network: one column per layer, a circle per unit, a
//! line per weight labelled with its starting value, each unit's bias
//! under it, and the training example's input and target at the sides.
//!
//! The picture is laid out once ([`layout`]: positions, label placements,
//! texts) and written by two writers, [`mod@svg`] for the HTML page and the
//! `.svg` file and [`mod@tikz`] for the LaTeX document, so both show the same
//! drawing. Coordinates are integers in tenths of a pixel (SVG user units;
//! a big point in TikZ), so the bytes depend only on the network.

mod place;
pub mod svg;
pub mod tikz;

use crate::model::{Activation, ActivationFunction, Network};

/// Tenths of a pixel per pixel.
pub const UNIT: i64 = 10;
const COLUMN_GAP: i64 = 190 * UNIT;
const ROW_GAP: i64 = 78 * UNIT;
const RADIUS: i64 = 22 * UNIT;
const MARGIN_X: i64 = 90 * UNIT;
const MARGIN_TOP: i64 = 56 * UNIT;
const MARGIN_BOTTOM: i64 = 40 * UNIT;
/// Font sizes in pixels: titles and unit names, and the smaller labels.
pub const FONT: i64 = 13;
/// The size of weight, bias and value labels.
pub const SMALL_FONT: i64 = 11;
/// Above this many weights between two layers, labels would crowd the
/// picture: leave them out (the report lists every weight).
const MAX_LABELLED_WEIGHTS: usize = 16;

/// A piece of a label's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words as they are (a layer name, "input").
    Words(String),
    /// A variable in italics with an optional subscript: `x₁`, `b`.
    Variable {
        /// Its name.
        name: String,
        /// Its subscript.
        sub: Option<String>,
    },
    /// A number as the author wrote it (`-0.4`, `1/3`, `1e-3`).
    Number(String),
}

/// How a label is anchored at its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The point is the start of the text.
    Start,
    /// The point is the middle of the text.
    Middle,
    /// The point is the end of the text.
    End,
}

/// What a label says about the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A column's title.
    Title,
    /// The name inside a unit (`x₁`, the activation).
    Unit,
    /// A weight on its edge.
    Weight,
    /// A bias under its unit.
    Bias,
    /// An input or target value beside its unit.
    Value,
}

/// A text placed in the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where it is anchored, horizontally.
    pub x: i64,
    /// Its vertical centre.
    pub y: i64,
    /// How it is anchored.
    pub anchor: Anchor,
    /// What it is.
    pub role: Role,
    /// Its text.
    pub text: Vec<Piece>,
}

impl Label {
    /// The font size in pixels.
    pub fn font(&self) -> i64 {
        match self.role {
            Role::Title | Role::Unit => FONT,
            Role::Weight | Role::Bias | Role::Value => SMALL_FONT,
        }
    }

    /// A box sure to hold the text, `(left, top, right, bottom)`, from a
    /// generous width per character (0.62 em; 0.5 em for a subscript).
    pub fn bounds(&self) -> (i64, i64, i64, i64) {
        let em = self.font() * UNIT;
        let chars: i64 = self
            .text
            .iter()
            .map(|piece| match piece {
                Piece::Words(text) | Piece::Number(text) => 62 * count(text),
                Piece::Variable { name, sub } => {
                    62 * count(name) + 50 * sub.as_deref().map_or(0, count)
                }
            })
            .sum();
        let width = chars * em / 100;
        let left = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - width / 2,
            Anchor::End => self.x - width,
        };
        (
            left,
            self.y - em * 6 / 10,
            left + width,
            self.y + em * 6 / 10,
        )
    }
}

fn count(text: &str) -> i64 {
    i64::try_from(text.chars().count()).unwrap_or(i64::MAX / 1000)
}

/// A unit's circle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Circle {
    /// Centre.
    pub x: i64,
    /// Centre.
    pub y: i64,
    /// Whether it is an input (drawn shaded).
    pub input: bool,
}

/// A weight's line, from the edge of one circle to the edge of the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// Start.
    pub from: (i64, i64),
    /// End.
    pub to: (i64, i64),
}

/// The laid-out picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Width.
    pub width: i64,
    /// Height.
    pub height: i64,
    /// The circle radius.
    pub radius: i64,
    /// What the picture shows, for screen readers (from the file: escape it).
    pub description: String,
    /// The weights' lines.
    pub edges: Vec<Edge>,
    /// The units.
    pub circles: Vec<Circle>,
    /// Every text.
    pub labels: Vec<Label>,
    /// Weights whose label found no clear place on its line.
    pub unlabelled: usize,
}

/// What a picture writes on the network: the given parameters (the
/// network before training), or the backward pass's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    /// Per layer, each weight's label, unit by unit and input by input
    /// (`W[i][j]` order).
    pub weights: Vec<Vec<String>>,
    /// Per layer, each unit's label under its circle.
    pub under: Vec<Vec<Option<Vec<Piece>>>>,
    /// What the picture shows, for screen readers.
    pub description: String,
}

impl Marks {
    /// The network as given: weights on the lines, biases under the units.
    pub fn given(network: &Network) -> Marks {
        let weights = network
            .layers
            .iter()
            .map(|layer| {
                layer
                    .weights
                    .rows
                    .iter()
                    .flat_map(|row| row.iter().map(|w| w.text.clone()))
                    .collect()
            })
            .collect();
        let under = network
            .layers
            .iter()
            .map(|layer| {
                (0..layer.units())
                    .map(|unit| {
                        let bias = layer
                            .biases
                            .as_ref()
                            .and_then(|b| b.rows.get(unit))
                            .and_then(|r| r.first())?;
                        let mut text = vec![
                            Piece::Variable {
                                name: "b".into(),
                                sub: None,
                            },
                            Piece::Words(" = ".into()),
                            Piece::Number(bias.text.clone()),
                        ];
                        if layer.biases.as_ref().is_some_and(|b| b.frozen) {
                            text.push(Piece::Words(" (frozen)".into()));
                        }
                        Some(text)
                    })
                    .collect()
            })
            .collect();
        Marks {
            weights,
            under,
            description: format!("diagram of the network {}", network.title),
        }
    }
}

/// Where the columns and units go.
struct Grid {
    /// The centre of each column.
    xs: Vec<i64>,
    /// Units per column (the inputs first).
    sizes: Vec<usize>,
    /// The most units in a column.
    tallest: usize,
}

impl Grid {
    /// Columns [`COLUMN_GAP`] apart, or further where a layer's weight
    /// labels are long: three label widths between two columns leave its
    /// labels room to stand apart.
    fn new(network: &Network, marks: &Marks) -> Grid {
        let sizes: Vec<usize> = std::iter::once(network.input_size())
            .chain(network.layers.iter().map(|l| l.units()))
            .collect();
        let mut xs = vec![MARGIN_X];
        for texts in &marks.weights {
            let longest = texts.iter().map(|w| count(w)).max().unwrap_or(0);
            let label = 62 * longest * SMALL_FONT * UNIT / 100;
            let gap = COLUMN_GAP.max(2 * RADIUS + 3 * label);
            let last = xs.last().copied().unwrap_or(MARGIN_X);
            xs.push(last + gap);
        }
        let tallest = sizes.iter().copied().max().unwrap_or(1);
        Grid { xs, sizes, tallest }
    }

    /// The centre of unit `unit` of column `column`.
    fn at(&self, column: usize, unit: usize) -> (i64, i64) {
        let x = self.xs.get(column).copied().unwrap_or(MARGIN_X);
        let units = self.sizes.get(column).copied().unwrap_or(1);
        let offset = (as_i64(self.tallest) - as_i64(units)) * ROW_GAP / 2;
        (x, MARGIN_TOP + offset + as_i64(unit) * ROW_GAP + RADIUS)
    }
}

fn as_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX / 1000)
}

/// Short symbol of an activation, written inside its units: the card's
/// glyph, or the first letters of a defined function's name.
fn glyph(activation: &Activation) -> String {
    match &activation.function {
        ActivationFunction::Card(card) => card.glyph.to_owned(),
        ActivationFunction::Defined(f) if f.name.chars().count() > 6 => {
            format!("{}…", f.name.chars().take(5).collect::<String>())
        }
        ActivationFunction::Defined(f) => f.name.clone(),
    }
}

/// The activation's full name for a column title, with its parameter.
fn full_name(activation: &Activation) -> String {
    if activation.arguments.is_empty() {
        return activation.name().to_owned();
    }
    let arguments: Vec<&str> = activation
        .arguments
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    format!("{}({})", activation.name(), arguments.join(", "))
}

/// Lays out the picture of a network as given.
pub fn layout(network: &Network) -> Picture {
    draw(network, &Marks::given(network))
}

/// Lays out the picture of a network with `marks` on its lines and units.
pub fn draw(network: &Network, marks: &Marks) -> Picture {
    let grid = Grid::new(network, marks);
    let mut picture = Picture {
        width: grid.xs.last().copied().unwrap_or(MARGIN_X) + MARGIN_X,
        height: MARGIN_TOP + as_i64(grid.tallest) * ROW_GAP + MARGIN_BOTTOM,
        radius: RADIUS,
        description: marks.description.clone(),
        edges: Vec::new(),
        circles: Vec::new(),
        labels: Vec::new(),
        unlabelled: 0,
    };
    titles(network, &grid, &mut picture);
    units(network, &grid, marks, &mut picture);
    for (index, layer) in network.layers.iter().enumerate() {
        let column = index + 1;
        let first_edge = picture.edges.len();
        for to in 0..layer.units() {
            let (x2, y2) = grid.at(column, to);
            for from in 0..layer.inputs() {
                let (x1, y1) = grid.at(column - 1, from);
                picture.edges.push(Edge {
                    from: (x1 + RADIUS, y1),
                    to: (x2 - RADIUS, y2),
                });
            }
        }
        if layer.units() * layer.inputs() <= MAX_LABELLED_WEIGHTS
            && let Some(texts) = marks.weights.get(index)
        {
            place::weights(&mut picture, first_edge, texts, layer.units());
        }
    }
    if picture.unlabelled > 0 {
        let count = picture.unlabelled;
        let words = if count == 1 {
            "1 weight is not labelled here; the matrices list every weight".to_owned()
        } else {
            format!("{count} weights are not labelled here; the matrices list every weight")
        };
        picture.labels.push(Label {
            x: MARGIN_X / 3,
            y: picture.height - MARGIN_BOTTOM / 3,
            anchor: Anchor::Start,
            role: Role::Value,
            text: vec![Piece::Words(words)],
        });
    }
    picture
}

/// `x₁`, or `x` alone when the vector has one component.
fn variable(name: &str, index: usize, count: usize) -> Piece {
    Piece::Variable {
        name: name.to_owned(),
        sub: (count > 1).then(|| (index + 1).to_string()),
    }
}

fn titles(network: &Network, grid: &Grid, picture: &mut Picture) {
    for column in 0..grid.sizes.len() {
        let (x, _) = grid.at(column, 0);
        let title = if column == 0 {
            "input".to_owned()
        } else {
            let layer = &network.layers[column - 1];
            format!("{} ({})", layer.name, full_name(&layer.activation))
        };
        picture.labels.push(Label {
            x,
            y: 20 * UNIT,
            anchor: Anchor::Middle,
            role: Role::Title,
            text: vec![Piece::Words(title)],
        });
    }
}

fn units(network: &Network, grid: &Grid, marks: &Marks, picture: &mut Picture) {
    let single = network.examples.len() == 1;
    for j in 0..network.input_size() {
        let (x, y) = grid.at(0, j);
        picture.circles.push(Circle { x, y, input: true });
        picture.labels.push(Label {
            x,
            y,
            anchor: Anchor::Middle,
            role: Role::Unit,
            text: vec![variable(&network.input_name, j, network.input_size())],
        });
        if let (true, Some(value)) = (single, network.examples[0].input.get(j)) {
            picture.labels.push(Label {
                x: x - RADIUS - 8 * UNIT,
                y,
                anchor: Anchor::End,
                role: Role::Value,
                text: vec![Piece::Number(value.text.clone())],
            });
        }
    }
    for (index, layer) in network.layers.iter().enumerate() {
        let column = index + 1;
        for unit in 0..layer.units() {
            let (x, y) = grid.at(column, unit);
            picture.circles.push(Circle { x, y, input: false });
            picture.labels.push(Label {
                x,
                y,
                anchor: Anchor::Middle,
                role: Role::Unit,
                text: vec![Piece::Words(glyph(&layer.activation))],
            });
            let under = marks
                .under
                .get(index)
                .and_then(|units| units.get(unit))
                .and_then(Option::as_ref);
            let last = column == grid.sizes.len() - 1;
            if let (true, true, Some(target)) = (last, single, network.examples[0].target.get(unit))
            {
                picture.labels.push(Label {
                    x: x + RADIUS + 8 * UNIT,
                    y,
                    anchor: Anchor::Start,
                    role: Role::Value,
                    text: vec![
                        variable(&network.target_name, unit, layer.units()),
                        Piece::Words(" = ".into()),
                        Piece::Number(target.text.clone()),
                    ],
                });
            }
            if let Some(text) = under {
                picture.labels.push(Label {
                    x,
                    y: y + RADIUS + 10 * UNIT,
                    anchor: Anchor::Middle,
                    role: Role::Bias,
                    text: text.clone(),
                });
            }
        }
    }
}

/// The picture as a standalone SVG document.
pub fn svg(network: &Network) -> String {
    svg::write(&layout(network))
}

#[cfg(test)]
mod tests;
