"""The SQS checks run with boto3 (whichever botocore is installed: the Query
protocol before 1.31, JSON after) against the local SQS server. Prints one JSON
object with what each step observed; test/local-sqs/other-clients.test.ts
asserts on it. Usage: sqs_checks.py <endpoint> <queue name prefix>"""
import json
import sys

import boto3
import botocore
from botocore.exceptions import ClientError

endpoint, prefix = sys.argv[1], sys.argv[2]
sqs = boto3.client(
    "sqs",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="AKIDPYTHON",
    aws_secret_access_key="local",
)
out = {"botocore": botocore.__version__, "protocol": sqs.meta.service_model.protocol}


def error_of(call):
    """[code, HTTP status, exception class] of a call that must fail."""
    try:
        call()
    except ClientError as error:
        return [
            error.response["Error"]["Code"],
            error.response["ResponseMetadata"]["HTTPStatusCode"],
            type(error).__name__,
        ]
    return None


url = sqs.create_queue(QueueName=prefix + "-main", Attributes={"VisibilityTimeout": "30"})[
    "QueueUrl"
]
out["url"] = url
out["getQueueUrl"] = sqs.get_queue_url(QueueName=prefix + "-main")["QueueUrl"]

sent = sqs.send_message(
    QueueUrl=url,
    MessageBody="hello\r\n<&>",
    MessageAttributes={"kind": {"DataType": "String", "StringValue": "greeting"}},
)
received = sqs.receive_message(
    QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], MessageAttributeNames=["All"]
)["Messages"]
out["sent"] = {"id": sent["MessageId"], "md5OfAttributes": sent["MD5OfMessageAttributes"]}
out["received"] = [
    {
        "id": message["MessageId"],
        "body": message["Body"],
        "receiveCount": message["Attributes"]["ApproximateReceiveCount"],
        "senderId": message["Attributes"]["SenderId"],
        "kind": message["MessageAttributes"]["kind"]["StringValue"],
        "md5OfAttributes": message["MD5OfMessageAttributes"],
    }
    for message in received
]
sqs.delete_message(QueueUrl=url, ReceiptHandle=received[0]["ReceiptHandle"])
attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
out["attributes"] = {
    name: attributes.get(name)
    for name in [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "VisibilityTimeout",
        "QueueArn",
    ]
}

sqs.send_message(QueueUrl=url, MessageBody="once per answer")
out["visibilityZero"] = [
    message["Body"]
    for message in sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0
    ).get("Messages", [])
]

sqs.purge_queue(QueueUrl=url)
out["secondPurge"] = error_of(lambda: sqs.purge_queue(QueueUrl=url))
sqs.delete_queue(QueueUrl=url)
out["recreate"] = error_of(lambda: sqs.create_queue(QueueName=prefix + "-main"))
out["missing"] = error_of(lambda: sqs.get_queue_url(QueueName=prefix + "-nowhere"))

fifo = sqs.create_queue(QueueName=prefix + "-orders.fifo", Attributes={"FifoQueue": "true"})[
    "QueueUrl"
]
sends = [
    sqs.send_message(
        QueueUrl=fifo, MessageBody=body, MessageGroupId="g", MessageDeduplicationId=body
    )
    for body in ["first", "second", "third", "first"]
]
out["fifoSequenceNumbers"] = [send.get("SequenceNumber") for send in sends]
out["fifoDuplicateKeepsId"] = sends[3]["MessageId"] == sends[0]["MessageId"]
messages = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10, AttributeNames=["All"])[
    "Messages"
]
out["fifo"] = [[m["Body"], m["Attributes"].get("MessageGroupId")] for m in messages]
out["fifoGroupBlocked"] = len(
    sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10).get("Messages", [])
)

print(json.dumps(out))
