/**
 * The node types of tree-sitter-python under which a statement or a block can be (read from its
 * node-types.json). A walk that looks only for statements need not enter any other node: expressions
 * hold no statements.
 */
export const HOLDS_STATEMENTS: ReadonlySet<string> = new Set([
  'module', 'block', 'decorated_definition', 'function_definition', 'class_definition', 'if_statement', 'elif_clause',
  'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause', 'finally_clause', 'with_statement',
  'match_statement', 'case_clause',
]);
