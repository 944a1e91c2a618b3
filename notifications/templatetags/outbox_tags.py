"""``{% once %}…{% endonce %}`` in a message's template: a part that is the same for every recipient of one
``notify_bulk`` call (the position, the institution, the links, the signature) is rendered once per language
for the whole call instead of once per recipient (issue 13: 10,000 notices). Outside ``notify_bulk``
(``notify``, a page) it renders as if it were not there. Its content must depend only on what every item of
the call shares (never on the recipient, nor on a loop's variable)."""

from django import template

register = template.Library()

# The context key under which notify_bulk keeps, per language, what each {% once %} block rendered.
ONCE_CACHE = "_outbox_once_cache"


class OnceNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        cache = context.get(ONCE_CACHE)
        if cache is None:
            return self.nodelist.render(context)
        output = cache.get(id(self))
        if output is None:
            output = cache[id(self)] = self.nodelist.render(context)
        return output


@register.tag
def once(parser, token):
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist)
