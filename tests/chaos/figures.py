"""What the chaos suite measured, printed at the end of the run and written to build/chaos/."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Fault:
    name: str
    # Seconds from the fault until it was repaired (for a replica: killed until ready again).
    seconds_down: float = 0.0
    # Seconds from the fault's repair (a replica ready again, the broker or database back) until
    # every request accepted before it had settled.
    seconds_to_converge: float | None = None
    # The gateway's answers while the fault lasted and until it converged.
    answers: dict[str, int] = field(default_factory=dict)


@dataclass
class Figures:
    replicas: int = 0
    seconds: float = 0.0
    submissions_sent: int = 0
    accepted: int = 0
    decisions_sent: int = 0
    faults: list[Fault] = field(default_factory=list)
    lost: int | None = None
    duplicates: int | None = None
    overlaps: int | None = None
    hangs: int | None = None
    final_statuses: dict[str, int] = field(default_factory=dict)
    convergence_bound_seconds: float = 0.0

    def report(self) -> list[str]:
        lines = [
            f"{self.replicas} replicas per service, {self.seconds:.0f} s under load: "
            f"{self.submissions_sent} submissions sent, {self.accepted} accepted (2xx), "
            f"{self.decisions_sent} approvals/declines/withdrawals sent",
            f"faults injected: {len(self.faults)}; lost = {self.lost}, duplicates = {self.duplicates}, "
            f"overlaps = {self.overlaps}, hangs = {self.hangs}",
            f"accepted requests by final status: {self.final_statuses}",
            f"per fault: how long it lasted, and when every request accepted before its repair had settled"
            f" (bound {self.convergence_bound_seconds:.0f} s); the gateway's answers meanwhile:",
        ]
        for fault in self.faults:
            converged = "never" if fault.seconds_to_converge is None else f"{fault.seconds_to_converge:5.1f} s later"
            answers = ", ".join(f"{code}: {count}" for code, count in sorted(fault.answers.items()))
            lines.append(
                f"  {fault.name:<24} down {fault.seconds_down:5.1f} s, converged {converged}; answers: {answers}"
            )
        return lines

    def as_dict(self) -> dict:
        return asdict(self)


FIGURES = Figures()
