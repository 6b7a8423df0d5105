//! Plain-English names of grammar rules for "expected ..." messages.
//!
//! The `match` is exhaustive on purpose: a new grammar rule does not compile
//! until it has a name a textbook author understands.

use super::grammar::Rule;

/// What a reader should be told was expected when `rule` was.
pub(super) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::WHITESPACE | Rule::COMMENT => "a space or a comment",
        Rule::line_end => "the end of the line",
        Rule::file | Rule::statement => "a statement",
        Rule::network_stmt | Rule::kw_network => "`network \"title\"`",
        Rule::input_stmt | Rule::kw_input => "`input x = [...]`",
        Rule::target_stmt | Rule::kw_target => "`target y = [...]`",
        Rule::examples_block | Rule::kw_examples => "`examples { ... }`",
        Rule::example_pair => "an example `[inputs] -> [targets]`",
        Rule::layer_decl | Rule::kw_layer => "`layer NAME { ... }`",
        Rule::notation_block | Rule::kw_notation | Rule::open_brace_ahead => "`notation { ... }`",
        Rule::note_stmt | Rule::kw_note => "`note after forward \"...\"`",
        Rule::note_place => "where the note goes, such as `after forward` or `at end`",
        Rule::setting | Rule::plain_setting => "a setting `name = value`",
        Rule::precision_setting | Rule::kw_precision => "`precision = ...`",
        Rule::precision_value => "a precision such as `4 decimals`",
        Rule::call => "a function such as `leaky_relu(0.01)`",
        Rule::argument => "an argument such as `0.9` or `beta1 = 0.9`",
        Rule::value => "a number, a vector `[...]`, `uniform(...)` or `choice(...)`",
        Rule::list => "a vector `[...]`",
        Rule::word_list => "a list of names such as `[distance, moves]`",
        Rule::uniform | Rule::kw_uniform => "`uniform(LOW, HIGH, STEP)`",
        Rule::choice | Rule::kw_choice => "`choice(a, b, ...)`",
        Rule::choice_item => "a number to choose",
        Rule::require_stmt | Rule::kw_require => "`require CONDITION`",
        Rule::requirement => "a condition such as `x != 0`",
        Rule::number | Rule::decimal => "a number",
        Rule::exponent => "an exponent such as `e-3`",
        Rule::sign => "a sign",
        Rule::slash => "`/`",
        Rule::string | Rule::string_inner => "a title in double quotes",
        Rule::ident => "a name",
        Rule::word => "a word such as `sigmoid` or `exact`",
        Rule::ident_char => "a letter, digit or `_`",
        Rule::arrow => "`->`",
        Rule::frozen => "`frozen`",
        Rule::eq => "`=`",
        Rule::comma => "`,`",
        Rule::semicolon => "`;`",
        Rule::open_bracket => "`[`",
        Rule::close_bracket => "`]`",
        Rule::open_brace => "`{`",
        Rule::close_brace => "`}`",
        Rule::open_paren => "`(`",
        Rule::close_paren => "`)`",
        Rule::definition | Rule::kw_activation | Rule::kw_loss => {
            "a definition such as `activation swish(z) = z * sigmoid(z)`"
        }
        Rule::parameters => "the variables of the function: `z`, or `y, yhat`",
        Rule::formula | Rule::sum | Rule::product | Rule::signed | Rule::primary => {
            "a formula such as `z * sigmoid(z)`"
        }
        Rule::conditional => "`if CONDITION then FORMULA else FORMULA`",
        Rule::condition => "a condition such as `z > 0`",
        Rule::relation => "`<`, `<=`, `>` or `>=`",
        Rule::power => "a value or a power such as `z^2`",
        Rule::power_exponent => "an exponent such as `2`, `-1` or `(1/2)`",
        Rule::application => "a function applied to its arguments, such as `sigmoid(z)`",
        Rule::variable | Rule::formula_name => "a name such as `z`",
        Rule::formula_number => "a number",
        Rule::exponent_digits => "an exponent such as `e-3`",
        Rule::op_add => "`+`",
        Rule::op_sub => "`-`",
        Rule::op_mul => "`*`",
        Rule::op_div => "`/`",
        Rule::op_pow => "`^`",
        Rule::kw_if => "`if`",
        Rule::kw_then => "`then`",
        Rule::kw_else => "`else`",
    }
}
