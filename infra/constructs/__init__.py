"""One construct per capability; the stack in infra/stack.py composes them."""
