"""A worker's exception reaches the parent, its traceback attached."""

import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

# kitchen: hide-start
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # examples/_kitchen.py
from _kitchen import add_start_method, kitchen_parser, positive_int, report
# kitchen: hide-end


def plate(order: int) -> str:
    if order == 3:
        raise ValueError(f"order {order}: the sauce split")
    return f"order {order} plated"


def serve(orders: int, ctx) -> list[str]:
    with ProcessPoolExecutor(2, mp_context=ctx) as pool:
        futures = [pool.submit(plate, n) for n in range(1, orders + 1)]
        served = []
        for future in futures:
            try:
                served.append(future.result())
            except ValueError:
                traceback.print_exc(file=sys.stdout)  # both tracebacks
        return served


# kitchen: hide-start
def main() -> None:
    parser = kitchen_parser(__doc__.splitlines()[0], scale=0.01)
    parser.add_argument("--orders", type=positive_int, default=4, help="orders (default: 4)")
    add_start_method(parser)
    args = parser.parse_args()
    served = serve(args.orders, get_context(args.start_method))
    print("\n".join(served))
    report(orders=args.orders, served=len(served))


if __name__ == "__main__":
    main()
# kitchen: hide-end
