class ForecastError(Exception):
    pass


class MissingKey(ForecastError):
    pass


class ServerError(ForecastError):
    def __init__(self, status):
        super().__init__(f"the forecast service answered {status}")
        self.status = status
