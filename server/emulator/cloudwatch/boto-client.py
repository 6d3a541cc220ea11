"""Drives the emulator's CloudWatch with boto3 (whatever botocore this interpreter has) and prints one JSON line.

Usage: python3 boto-client.py <endpoint> <stageId> <participantId> <startEpochSeconds>
"""
import datetime
import json
import sys

import boto3
import botocore
from botocore.exceptions import ClientError

endpoint, stage_id, participant_id, start = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = boto3.client(
    "cloudwatch",
    region_name="us-east-1",
    endpoint_url=endpoint,
    aws_access_key_id="test",
    aws_secret_access_key="test",
)
model = client.meta.service_model
protocol = getattr(model, "resolved_protocol", None) or model.protocol
t0 = datetime.datetime.fromtimestamp(start, tz=datetime.timezone.utc)
t1 = t0 + datetime.timedelta(minutes=10)
hi = [
    {"Name": "Stage", "Value": stage_id},
    {"Name": "Participant", "Value": participant_id},
    {"Name": "SimulcastLayer", "Value": "hi"},
    {"Name": "MediaType", "Value": "video"},
]

data = client.get_metric_data(
    StartTime=t0,
    EndTime=t1,
    ScanBy="TimestampAscending",
    MetricDataQueries=[
        {"Id": "hi", "MetricStat": {"Metric": {"Namespace": "AWS/IVSRealTime", "MetricName": "PublishBitrate", "Dimensions": hi}, "Period": 60, "Stat": "Average"}},
        {"Id": "pubs", "MetricStat": {"Metric": {"Namespace": "AWS/IVSRealTime", "MetricName": "Publishers", "Dimensions": [{"Name": "Stage", "Value": stage_id}]}, "Period": 60, "Stat": "Maximum"}},
    ],
)
pages = list(
    client.get_paginator("get_metric_data").paginate(
        StartTime=t0,
        EndTime=t1,
        MetricDataQueries=[{"Id": "hi", "MetricStat": {"Metric": {"Namespace": "AWS/IVSRealTime", "MetricName": "PublishBitrate", "Dimensions": hi}, "Period": 30, "Stat": "Maximum"}}],
        MaxDatapoints=7,
    )
)
listed = client.list_metrics(Namespace="AWS/IVSRealTime", Dimensions=[{"Name": "Participant", "Value": participant_id}])
stats = client.get_metric_statistics(
    Namespace="AWS/IVSRealTime", MetricName="PublishResolution", Dimensions=hi, StartTime=t0, EndTime=t1, Period=600, Statistics=["Minimum", "Maximum"]
)
try:
    client.get_metric_data(
        StartTime=t0,
        EndTime=t1,
        MetricDataQueries=[{"Id": "bad", "MetricStat": {"Metric": {"Namespace": "AWS/IVSRealTime", "MetricName": "PublishBitrate"}, "Period": 7, "Stat": "Average"}}],
    )
    error = None
except ClientError as caught:
    error = {"code": caught.response["Error"]["Code"], "status": caught.response["ResponseMetadata"]["HTTPStatusCode"]}

by_id = {r["Id"]: r for r in data["MetricDataResults"]}
print(
    json.dumps(
        {
            "botocore": botocore.__version__,
            "protocol": protocol,
            "hiCount": len(by_id["hi"]["Values"]),
            "hiMin": min(by_id["hi"]["Values"]),
            "firstTimestamp": by_id["hi"]["Timestamps"][0].timestamp(),
            "publishers": by_id["pubs"]["Values"],
            "pages": len(pages),
            "pagedCount": sum(len(p["MetricDataResults"][0]["Values"]) for p in pages),
            "metrics": sorted({m["MetricName"] for m in listed["Metrics"]}),
            "resolution": [[d["Minimum"], d["Maximum"], d["Unit"]] for d in stats["Datapoints"]],
            "error": error,
        }
    )
)
