"""The expression checker assembled from its mixins.

`ExprChecker(program, frame)` checks one body. The mixins, from the bottom
up: literals, references, calls, operators, control flow, lambdas; each
adds the `e_<Node>` handlers for its constructs.
"""

from __future__ import annotations

from capdsl import ast
from checker.expr.context import Frame
from checker.expr.lambda_ import LambdaMixin
from checker.expr.literal import LiteralMixin
from checker.resolve import TypeScope
from checker.types import Type


class ExprChecker(LambdaMixin, LiteralMixin):
    def __init__(self, program: object, frame: Frame, scope: TypeScope) -> None:
        super().__init__(program, frame)  # type: ignore[arg-type]
        self.scope = scope

    def type_scope(self) -> TypeScope:
        return self.scope

    def resolve_type(self, texpr: ast.TypeExpr) -> Type:
        t = self.program.resolver.resolve(texpr, self.scope)
        from checker.declcheck import check_type_args

        check_type_args(self.program)
        return t
