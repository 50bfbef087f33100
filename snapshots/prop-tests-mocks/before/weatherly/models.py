from dataclasses import dataclass, field


@dataclass(frozen=True)
class Observation:
    station_id: str
    temp_c: float
    humidity: int
    wind_kph: float
    conditions: str


@dataclass
class DailyReport:
    observations: list[Observation] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def hottest(self) -> Observation | None:
        return max(self.observations, key=lambda o: o.temp_c, default=None)

    @property
    def mean_temp_c(self) -> float | None:
        if not self.observations:
            return None
        return round(sum(o.temp_c for o in self.observations) / len(self.observations), 1)
