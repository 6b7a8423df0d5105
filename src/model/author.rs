//! What the author adds to the report besides the network: the symbols
//! (`notation = "NAME"`, `notation { … }`) and notes (`note after forward
//! "…"`), each checked with located errors.

use super::Checker;
use super::network::Layer;
use super::symbols::{LayerIndex, PROFILES, SymbolError, Symbols};
use crate::diagnostic::Diagnostic;
use crate::parse::ast::{self, SettingValue};
use crate::source::{Span, Spanned};
use crate::text::{names_or, suggest};

/// A part of the worked example a note can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotePart {
    /// The forward pass.
    Forward,
    /// The loss.
    Loss,
    /// The error of the output layer.
    OutputError,
    /// The error of a hidden layer.
    HiddenError,
    /// The gradients of a layer.
    Gradients,
    /// Combining the examples of a batch.
    Batch,
    /// The SGD update.
    Update,
}

/// The words naming each part in a `note after PART` statement.
pub const NOTE_PARTS: [(&str, NotePart); 7] = [
    ("forward", NotePart::Forward),
    ("loss", NotePart::Loss),
    ("output_error", NotePart::OutputError),
    ("hidden_error", NotePart::HiddenError),
    ("gradients", NotePart::Gradients),
    ("batch", NotePart::Batch),
    ("update", NotePart::Update),
];

impl NotePart {
    /// The part's kind as the view names it (`forward`, `hidden_error`).
    pub fn kind(self) -> &'static str {
        NOTE_PARTS
            .iter()
            .find(|(_, part)| *part == self)
            .map_or("forward", |(word, _)| word)
    }

    /// Whether the part belongs to one layer (`after gradients hidden`).
    fn per_layer(self) -> bool {
        matches!(self, NotePart::HiddenError | NotePart::Gradients)
    }
}

/// Where a note goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotePlace {
    /// Before the first step, after the description of the network.
    Start,
    /// After every part of this kind (of this layer, when one is named; the
    /// layer's 1-based number).
    After(NotePart, Option<usize>),
    /// At the end of the report.
    End,
}

/// A note: the author's Markdown at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where it goes.
    pub place: NotePlace,
    /// The Markdown, as written (rendered safely for every format).
    pub text: String,
}

/// A `note` statement as gathered: its place words and text.
pub(super) type NoteStatement<'a> = (&'a [Spanned<String>], &'a Spanned<String>, Span);

impl Checker {
    /// The symbols chosen by a top-level `notation = "NAME"` and by the
    /// `notation { … }` block (its options applied in order, after its own
    /// `notation = "NAME"` whatever its position).
    pub(super) fn check_symbols(
        &mut self,
        top: Option<&ast::Setting>,
        block: Option<&[ast::Setting]>,
        layers: Option<&[Layer]>,
    ) -> Symbols {
        let mut symbols = Symbols::default();
        let mut chosen_at: Option<Span> = None;
        let mut settings: Vec<&ast::Setting> = top.into_iter().collect();
        if let Some(block) = block {
            // The profile first, then the options that adjust it.
            settings.extend(block.iter().filter(|s| s.key.node == "notation"));
            settings.extend(block.iter().filter(|s| s.key.node != "notation"));
        }
        for setting in settings {
            let key = setting.key.node.as_str();
            let value = match &setting.value.node {
                SettingValue::Text(text) | SettingValue::Word(text) => text.as_str(),
                _ => {
                    let valid = Symbols::values(key).unwrap_or(&PROFILES);
                    self.error(
                        Diagnostic::error(
                            format!("`{key}` takes a name in quotes"),
                            setting.value.span,
                            "not a name",
                        )
                        .with_help(format!("write one of {}", quoted(valid))),
                    );
                    continue;
                }
            };
            match symbols.set(key, value) {
                Ok(()) => {
                    if key == "notation" || key == "layer_index" {
                        chosen_at = Some(setting.span);
                    }
                }
                Err(SymbolError::UnknownOption) => {
                    let names = Symbols::option_names();
                    let help = match suggest(key, &names) {
                        Some(name) => format!("did you mean `{name}`?"),
                        None => format!(
                            "the options of `notation {{ ... }}` are {}",
                            names_or(&names)
                        ),
                    };
                    self.error(
                        Diagnostic::error(
                            format!("unknown notation option `{key}`"),
                            setting.key.span,
                            "not a notation option",
                        )
                        .with_help(help),
                    );
                }
                Err(SymbolError::UnknownValue(valid)) => {
                    let what = if key == "notation" {
                        format!("unknown notation profile \"{value}\"")
                    } else {
                        format!("`{key}` cannot be \"{value}\"")
                    };
                    let help = match suggest(value, valid) {
                        Some(name) => format!("did you mean \"{name}\"? ({})", quoted(valid)),
                        None => format!("write one of {}", quoted(valid)),
                    };
                    self.error(
                        Diagnostic::error(what, setting.value.span, "not one of the choices")
                            .with_help(help),
                    );
                }
            }
        }
        if let (Some(layers), Some(span)) = (layers, chosen_at)
            && symbols.layer_index == LayerIndex::None
            && !symbols.fits(layers.len())
        {
            self.error(
                Diagnostic::error(
                    "symbols without a layer index need at most one hidden layer",
                    span,
                    "units would be named h1, o1, ... in every layer",
                )
                .with_help(format!(
                    "this network has {} hidden layers; choose the \"default\" or \"nielsen\" profile, or add `layer_index = \"superscript\"` in `notation {{ ... }}`",
                    layers.len().saturating_sub(1)
                )),
            );
        }
        symbols
    }

    /// Checks `note` statements: their places name a part (and a layer) or
    /// the start or end of the report.
    pub(super) fn check_notes(
        &mut self,
        notes: &[NoteStatement<'_>],
        layers: Option<&[Layer]>,
    ) -> Vec<Note> {
        let mut checked = Vec::new();
        for (words, text, span) in notes {
            if let Some(place) = self.note_place(words, *span, layers) {
                checked.push(Note {
                    place,
                    text: text.node.clone(),
                });
            }
        }
        checked
    }

    fn note_place(
        &mut self,
        words: &[Spanned<String>],
        span: Span,
        layers: Option<&[Layer]>,
    ) -> Option<NotePlace> {
        let parts: Vec<&str> = NOTE_PARTS.iter().map(|(w, _)| *w).collect();
        let help = "write `note after PART \"...\"` (PART is one of the parts: forward, loss, output_error, hidden_error, gradients, batch, update; hidden_error and gradients may name a layer: `note after gradients hidden \"...\"`), `note at start \"...\"` or `note at end \"...\"`";
        let Some(first) = words.first() else {
            self.error(Diagnostic::error("a note needs a place", span, "no place").with_help(help));
            return None;
        };
        match (first.node.as_str(), words.get(1), words.get(2)) {
            ("at", Some(where_), None) if where_.node == "start" => Some(NotePlace::Start),
            ("at", Some(where_), None) if where_.node == "end" => Some(NotePlace::End),
            ("at", Some(where_), _) => {
                self.error(
                    Diagnostic::error(
                        format!("a note cannot go at `{}`", where_.node),
                        where_.span,
                        "not a place",
                    )
                    .with_help("write `note at start \"...\"` or `note at end \"...\"`"),
                );
                None
            }
            ("after", Some(part_word), layer_word) => {
                let Some((_, part)) = NOTE_PARTS.iter().find(|(w, _)| *w == part_word.node) else {
                    let did_you_mean = suggest(&part_word.node, &parts)
                        .map_or(String::new(), |s| format!("did you mean `{s}`? "));
                    self.error(
                        Diagnostic::error(
                            format!("there is no part `{}` to put a note after", part_word.node),
                            part_word.span,
                            "not a part of the worked example",
                        )
                        .with_help(format!("{did_you_mean}the parts are {}", names_or(&parts))),
                    );
                    return None;
                };
                let layer = match layer_word {
                    None => None,
                    Some(word) if !part.per_layer() => {
                        self.error(
                            Diagnostic::error(
                                format!("`{}` is not a part of one layer", part_word.node),
                                word.span,
                                "a layer named here",
                            )
                            .with_help(
                                "only `hidden_error` and `gradients` notes may name a layer",
                            ),
                        );
                        return None;
                    }
                    Some(word) => {
                        let layers = layers?;
                        let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
                        match names.iter().position(|n| *n == word.node) {
                            Some(index) => Some(index + 1),
                            None => {
                                let hint = suggest(&word.node, &names)
                                    .map_or(String::new(), |s| format!("did you mean `{s}`? "));
                                self.error(
                                    Diagnostic::error(
                                        format!("there is no layer named `{}`", word.node),
                                        word.span,
                                        "not a layer of this network",
                                    )
                                    .with_help(format!(
                                        "{hint}the layers are {}",
                                        names_or(&names)
                                    )),
                                );
                                return None;
                            }
                        }
                    }
                };
                if words.len() > 3 {
                    self.error(
                        Diagnostic::error(
                            "too many words before the note",
                            words[3].span,
                            "not expected here",
                        )
                        .with_help(help),
                    );
                    return None;
                }
                Some(NotePlace::After(*part, layer))
            }
            _ => {
                self.error(
                    Diagnostic::error(
                        format!(
                            "a note's place starts with `after` or `at`, not `{}`",
                            first.node
                        ),
                        first.span,
                        "not a place",
                    )
                    .with_help(help),
                );
                None
            }
        }
    }
}

/// Applies notation options from the command line (`--symbols`,
/// `--symbol KEY=VALUE`) over the file's.
///
/// # Errors
/// An unknown option or value, or symbols that cannot name this network,
/// in words naming the flag and the valid choices.
pub fn override_symbols(
    network: &mut super::Network,
    options: &[(String, String)],
) -> Result<(), String> {
    for (key, value) in options {
        let flag = if key == "notation" {
            format!("--symbols {value}")
        } else {
            format!("--symbol {key}={value}")
        };
        match network.symbols.set(key, value) {
            Ok(()) => {}
            Err(SymbolError::UnknownOption) => {
                let names = Symbols::option_names();
                let hint =
                    suggest(key, &names).map_or(String::new(), |s| format!("did you mean `{s}`? "));
                return Err(format!(
                    "{flag}: `{key}` is not a notation option; {hint}the options are {}",
                    names_or(&names)
                ));
            }
            Err(SymbolError::UnknownValue(valid)) => {
                return Err(format!(
                    "{flag}: `{key}` cannot be \"{value}\"; write one of {}",
                    quoted(valid)
                ));
            }
        }
    }
    if !network.symbols.fits(network.layers.len()) {
        return Err(format!(
            "symbols without a layer index (`layer_index = none`, the `mazur` profile) need at most one hidden layer, and this network has {}; add `--symbol layer_index=superscript`",
            network.layers.len().saturating_sub(1)
        ));
    }
    Ok(())
}

fn quoted(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    crate::text::join(&quoted, "or")
}
