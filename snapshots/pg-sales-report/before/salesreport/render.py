import json


def as_text(summary, top, months):
    lines = [f"orders: {summary['orders']}  revenue: {summary['revenue']}", "", "top customers:"]
    for rank, row in enumerate(top, start=1):
        lines.append(f"  {rank}. {row['name']:<8} {row['orders']:>3} orders {row['total']:>10}")
    lines += ["", "by month:"]
    for row in months:
        lines.append(f"  {row['month']}  {row['revenue']:>10}")
    return "\n".join(lines)


def as_json(summary, top, months):
    return json.dumps({"summary": summary, "top": top, "months": months}, default=str, sort_keys=True)
