use super::*;

fn link(math: &str) -> Link {
    Link {
        relation: Relation::Equals,
        math: math.to_owned(),
    }
}

#[test]
fn a_short_chain_stays_on_one_line() {
    let display = Display::new("z".into(), vec![link("a + b"), link("0.5000")]);
    assert_eq!(display.page.len(), 1);
    assert_eq!(display.page[0].math, "a + b = 0.5000");
}

#[test]
fn a_long_chain_breaks_at_its_relations_first() {
    let long = (1..=12)
        .map(|i| format!("x_{{{i}}}"))
        .collect::<Vec<_>>()
        .join(" + ");
    let display = Display::new("z".into(), vec![link(&long), link(&long), link("0.5000")]);
    assert!(display.page.len() >= 2, "{:?}", display.page);
    assert!(
        display
            .page
            .iter()
            .all(|r| matches!(r.lead, Lead::Relation(_)))
    );
    assert!(display.over_budget(Budget::Page).is_empty());
}

#[test]
fn a_long_sum_breaks_at_its_operators() {
    let long = (1..=40)
        .map(|i| format!("0.{i:04}"))
        .collect::<Vec<_>>()
        .join(" + ");
    let display = Display::new("z".into(), vec![link(&long)]);
    assert!(display.page.len() >= 2);
    assert_eq!(display.page[1].lead, Lead::Continuation);
    assert!(
        display.page[1].math.starts_with("+ "),
        "{:?}",
        display.page[1]
    );
    assert!(display.over_budget(Budget::Page).is_empty());
}

#[test]
fn a_parenthesised_sum_is_opened_with_sized_parentheses() {
    let inner = (1..=30)
        .map(|i| format!("0.{i:04}"))
        .collect::<Vec<_>>()
        .join(" + ");
    let display = Display::new("z".into(), vec![link(&format!("-\\left({inner}\\right)"))]);
    let rows: Vec<String> = display.page.iter().map(Row::latex).collect();
    assert!(rows[0].contains("-\\bigl(0.0001"), "{rows:?}");
    assert!(
        rows.last().is_some_and(|r| r.ends_with("\\bigr)")),
        "{rows:?}"
    );
    assert!(display.over_budget(Budget::Page).is_empty());
}

#[test]
fn a_fraction_too_wide_is_written_with_a_slash() {
    let den = (1..=30)
        .map(|i| format!("0.{i:04}"))
        .collect::<Vec<_>>()
        .join(" + ");
    let display = Display::new("z".into(), vec![link(&format!("\\frac{{1}}{{{den}}}"))]);
    let rows: Vec<String> = display.page.iter().map(Row::latex).collect();
    assert!(rows[0].starts_with("= 1"), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("/\\bigl(")), "{rows:?}");
    assert!(display.over_budget(Budget::Page).is_empty(), "{rows:?}");
}

#[test]
fn an_unbreakable_number_is_reported() {
    let digits = "1".repeat(120);
    let display = Display::new("z".into(), vec![link(&digits)]);
    assert_eq!(display.over_budget(Budget::Page).len(), 1);
}
