package org.certvpn.ppp.ipcp;

/** What IPCP tells the link it runs on. */
public interface IpcpListener {
    /** IPCP reached Opened: IPv4 may flow. */
    void ipcpUp(long nowMillis);

    /** IPCP left Opened: IPv4 stops. */
    void ipcpDown(long nowMillis);

    /** IPCP gave up (or was closed): without it the link carries nothing. */
    void ipcpFinished(long nowMillis);
}
