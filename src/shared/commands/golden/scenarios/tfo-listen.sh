# BIO_SOCK_TFO on a listener: what the loaded libcrypto makes of it

# listener l on 127.0.0.1:$PORT_l (BIO_SOCK_REUSEADDR, BIO_SOCK_TFO), steps 1, 2
#   set PORT_l first: a port for l (port 0 in the scenario lets the kernel pick one; a command needs one named)
socat TCP4-LISTEN:"$PORT_l",bind=127.0.0.1,reuseaddr STDIO
#   socat: socat has no option for TCP Fast Open (BIO_SOCK_TFO)
ncat -4 -l -- 127.0.0.1 "$PORT_l"
#   ncat: ncat has no option for TCP_FASTOPEN (BIO_SOCK_TFO)
openssl s_server -4 -accept 127.0.0.1:"$PORT_l" -cert cert.pem -key key.pem -tfo
#   openssl: openssl speaks TLS over the socket: the socket is set up the same way, but the bytes on it are a TLS handshake, not the plain data a socket BIO carries
#   openssl: s_server needs a certificate and its key: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 -keyout key.pem -out cert.pem
#   openssl: -tfo needs the openssl command of OpenSSL 3.2 or later

# steps with no equivalent command:
#   step 3 BIO_closesocket(l): the commands close their socket when they exit (end their input with Ctrl-D, or press Ctrl-C)
