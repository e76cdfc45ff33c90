#!/usr/bin/env python3
"""Bounded loopback traffic for conntrack tests; run inside a test namespace.

  traffic.py tcp ADDRESS COUNT           COUNT TCP connections: connect, 1 byte each way, close
  traffic.py udp ADDRESS COUNT [echo]    COUNT UDP flows: 1 datagram (echoed back with "echo")
  traffic.py udpflood ADDRESS COUNT PORT COUNT one-datagram UDP flows from source ports PORT.. as
                                         fast as possible, nobody reads them

Prints one line per flow: PROTO SRC SPORT DST DPORT (the original direction), so the test
knows which tuples to expect. Exits non-zero on any error.
"""
import socket
import sys


def family(address):
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def tcp(address, count):
    server = socket.socket(family(address), socket.SOCK_STREAM)
    server.bind((address, 0))
    server.listen(count)
    port = server.getsockname()[1]
    for _ in range(count):
        client = socket.socket(family(address), socket.SOCK_STREAM)
        client.settimeout(5)
        client.connect((address, port))
        accepted, _ = server.accept()
        accepted.settimeout(5)
        client.sendall(b"q")
        accepted.recv(1)
        accepted.sendall(b"r")
        client.recv(1)
        sport = client.getsockname()[1]
        client.close()    # client closes first: FIN_WAIT, then TIME_WAIT in conntrack
        accepted.recv(1)  # wait for the FIN
        accepted.close()
        print("tcp", address, sport, address, port, flush=True)
    server.close()


def udp(address, count, echo):
    server = socket.socket(family(address), socket.SOCK_DGRAM)
    server.bind((address, 0))
    server.settimeout(5)
    port = server.getsockname()[1]
    clients = []  # kept open so no two flows get the same source port (the same conntrack entry)
    for _ in range(count):
        client = socket.socket(family(address), socket.SOCK_DGRAM)
        clients.append(client)
        client.bind((address, 0))
        client.settimeout(5)
        client.sendto(b"q", (address, port))
        _, peer = server.recvfrom(16)
        if echo:
            server.sendto(b"r", peer)
            client.recv(16)
        print("udp", address, client.getsockname()[1], address, port, flush=True)
    for client in clients:
        client.close()
    server.close()


def udpflood(address, count, first_port):
    server = socket.socket(family(address), socket.SOCK_DGRAM)
    server.bind((address, 0))
    port = server.getsockname()[1]
    for i in range(count):
        client = socket.socket(family(address), socket.SOCK_DGRAM)
        client.bind((address, first_port + i))  # distinct ports: every datagram is a new flow
        client.sendto(b"q", (address, port))
        client.close()
    print("udpflood", address, first_port, address, port, flush=True)


def main(argv):
    mode, address, count = argv[1], argv[2], int(argv[3])
    if mode == "tcp":
        tcp(address, count)
    elif mode == "udp":
        udp(address, count, len(argv) > 4 and argv[4] == "echo")
    elif mode == "udpflood":
        udpflood(address, count, int(argv[4]))
    else:
        raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
