//! The author's notes (`note after forward "…"`) for the places of the
//! report, each made safe Markdown by [`crate::render::escape::note`].

use crate::model::Network;
use crate::model::author::NotePlace;
use crate::render::escape;

/// The notes at the start or the end of the report.
pub(super) fn at(network: &Network, place: &NotePlace) -> Vec<String> {
    network
        .notes
        .iter()
        .filter(|note| note.place == *place)
        .map(|note| escape::note(&note.text))
        .collect()
}

/// The notes after a part of kind `kind` (of layer `layer`, 1-based): those
/// naming the part alone, and those naming the part and this layer.
pub(super) fn after(network: &Network, kind: &str, layer: Option<usize>) -> Vec<String> {
    network
        .notes
        .iter()
        .filter(|note| match note.place {
            NotePlace::After(part, named) => {
                part.kind() == kind && (named.is_none() || named == layer)
            }
            _ => false,
        })
        .map(|note| escape::note(&note.text))
        .collect()
}
